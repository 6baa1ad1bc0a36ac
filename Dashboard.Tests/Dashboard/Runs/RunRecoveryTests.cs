using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Contracts.Worker;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Ablation.Training.Worker;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Tests.Dashboard.Runs;

/// <summary>
/// What the supervisor does with a run whose worker misbehaves or outlived a dashboard: the events
/// file's lines stored once, a held folder waited for and freed, silence shown and ended, and no
/// run stored as succeeded with a hole.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class RunRecoveryTests : IDisposable
{
    private const string Start3 = """echo '{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":3,"resumed_from_epoch":0}'""";

    private readonly TempDataRoot _root = DashboardHost.NewRoot();

    public void Dispose() => _root.Dispose();

    private static StudySpec OneRun(int epochs = 3, int seeds = 1) => new()
    {
        Name = "one run",
        Base = JsonNode.Parse($$"""
            { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": {{epochs}} }
            """)!.AsObject(),
        Axes = [new Axis("seed", "seed", [.. Enumerable.Range(1, seeds).Select(s => JsonValue.Create(s))])],
        Repeats = 1,
    };

    private static string Epoch(int epoch, int step, double acc = 0.5) =>
        $$$"""echo '{"event":"epoch","time":0.{{{epoch}}},"epochs":3,"step":{{{step}}},"metrics":{"epoch":{{{epoch}}},"train_loss":0.5,"train_accuracy":{{{acc}}},"val_loss":0.5,"val_accuracy":{{{acc}}},"test_loss":0.5,"test_accuracy":{{{acc}}},"lr":0.1,"train_seconds":0.1,"epoch_seconds":0.1,"samples_per_second":100}}'""";

    private const string Final = """echo '{"event":"final","time":0.9,"status":"succeeded","metrics":{"test_accuracy":0.5,"test_loss":0.5,"epochs_completed":3}}'""";

    [Fact]
    public async Task EventsAWorkerWroteAfterTheDashboardStoppedStoringThem_AreStoredOnceAtTheNextStart()
    {
        var log = _root.Combine("launches.log");
        var worker = FakeWorkers.Write(_root, $"""
            echo launched >> '{log}'
            {Start3}
            echo '{"{"}"event":"batch","time":0.1,"epoch":1,"step":5,"loss":0.9,"lr":0.1{"}"}'
            {Epoch(1, 10)}
            echo '{"{"}"event":"batch","time":0.1,"epoch":2,"step":15,"loss":0.8,"lr":0.1{"}"}'
            {Epoch(2, 20)}
            {Epoch(3, 30)}
            {Final}
            """);
        int studyId;
        using (var first = new DashboardHost(_root, workerPath: worker))
        {
            studyId = await first.Get<StudyService>().CreateAsync(OneRun());
            await first.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == RunStatus.Succeeded));
        }

        // As the database stands when a dashboard is killed right after storing epoch 1: the run
        // still running, its points and offset at the end of epoch 1's line.
        var run = (await DashboardHost.ReadRunsAsync(_root, studyId)).Single();
        var lines = File.ReadAllLines(RunFolder.EventsPath(run.RunDirectory!));
        var epoch1 = Array.FindIndex(lines, l => l.Contains("\"epoch\":1,\"train_loss\"", StringComparison.Ordinal));
        var afterEpoch1 = lines.Take(epoch1 + 1).Sum(l => Encoding.UTF8.GetByteCount(l) + 1);
        await using (var db = Database())
        {
            await db.Points.Where(p => p.RunId == run.Id && p.Epoch > 1).ExecuteDeleteAsync();
            await db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running).SetProperty(r => r.EventsOffset, afterEpoch1)
                .SetProperty(r => r.EpochsDone, 1).SetProperty(r => r.FinalMetricsJson, (string?)null).SetProperty(r => r.EndedAt, (DateTimeOffset?)null));
        }

        using var second = new DashboardHost(_root, workerPath: worker);
        var after = (await second.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == RunStatus.Succeeded))).Single();

        // The worker had finished the run: the second dashboard stores the rest from its file and trains nothing.
        Assert.Single(File.ReadAllLines(log));
        Assert.Equal(3, after.EpochsDone);
        Assert.Equal(new FileInfo(RunFolder.EventsPath(run.RunDirectory!)).Length, after.EventsOffset);
        Assert.NotNull(after.FinalMetricsJson);
        var points = await second.PointsAsync(studyId);
        Assert.Equal([(1, 10L), (2, 20L), (3, 30L)], points.Where(p => p.Split == "val" && p.Name == "accuracy").Select(p => (p.Epoch, p.Step)).Order());
        Assert.Equal([5L, 15L], points.Where(p => p.Split == "batch" && p.Name == "loss").Select(p => p.Step).Order());
    }

    [Fact]
    public async Task FolderHeldByAProcessThatIgnoresSigterm_IsWaitedFor_ThenFreedWithSigkill_BeforeTheWorkerStarts()
    {
        // The first run of a fresh database is study 1's run 1: its folder is held before it exists in the database.
        var folder = _root.Combine("runs", "study-1", "run-1");
        Directory.CreateDirectory(folder);
        var lockPath = Path.Combine(folder, RunFolder.LockFile);
        using var holder = Process.Start(new ProcessStartInfo("bash",
            ["-c", $"trap '' TERM; exec 9>>'{lockPath}'; flock -x 9; echo $$ > '{lockPath}'; echo locked; exec sleep 600"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            await WaitForHeldFolderToBeFreedAsync(holder, folder, lockPath);
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }
        }
    }

    private async Task WaitForHeldFolderToBeFreedAsync(Process holder, string folder, string lockPath)
    {
        Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync());
        Assert.True(RunFolderLock.IsHeld(folder));
        Assert.Equal(holder.Id, RunFolderLock.HolderPid(folder));
        var worker = FakeWorkers.Write(_root, $"""
            flock -n "$4/{RunFolder.LockFile}" true || {"{"} echo 'started while the folder was held' >&2; exit 9; {"}"}
            {Start3}
            {Epoch(1, 10)}
            {Epoch(2, 20)}
            {Epoch(3, 30)}
            {Final}
            """);

        using var host = new DashboardHost(_root, workerPath: worker, settings: new Dictionary<string, string> { ["Scheduler:CancelGraceSeconds"] = "1" });
        var studyId = await host.Get<StudyService>().CreateAsync(OneRun());
        var run = (await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status is not (RunStatus.Queued or RunStatus.Running)))).Single();

        Assert.Equal(folder, run.RunDirectory);
        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.True(holder.HasExited);
        Assert.Equal(137, holder.ExitCode); // it ignored SIGTERM: SIGKILL freed the folder
    }

    [Fact]
    public async Task SilentWorker_IsShownStalled_OnTheRunsPageAndInTheApi()
    {
        var worker = FakeWorkers.Write(_root, $"""
            {Start3}
            {Epoch(1, 10)}
            kill -STOP $$
            """);
        using var host = new DashboardHost(_root, workerPath: worker, settings: new Dictionary<string, string>
        {
            ["Scheduler:StallMinimumSeconds"] = "1", ["Scheduler:StallTimeoutSeconds"] = "0",
        });
        var studyId = await host.Get<StudyService>().CreateAsync(OneRun());

        var run = (await host.WaitForRunsAsync(studyId, rs => rs[0].StalledSince is not null)).Single();

        Assert.Equal(RunStatus.Running, run.Status);
        using var client = host.CreateClient();
        var page = await client.GetStringAsync($"/runs/{run.Id}");
        Assert.Contains("status-stalled", page);
        var json = await client.GetStringAsync($"/api/runs/{run.Id}");
        Assert.Equal(run.StalledSince, JsonNode.Parse(json)!["stalled_since"]!.GetValue<DateTimeOffset>());

        // Stopped in its tracks, it still ends on a cancel (SIGTERM goes with a SIGCONT), and the mark goes with it.
        Assert.True(await host.Get<RunScheduler>().CancelAsync(run.Id));
        var canceled = (await host.WaitForRunsAsync(studyId, rs => rs[0].Status == RunStatus.Canceled)).Single();
        Assert.Null(canceled.StalledSince);
    }

    [Fact]
    public async Task WorkerSilentPastTheTimeout_IsEndedWithThatReason_AndTheQueueGoesOn()
    {
        var stalled = _root.Combine("stalled-once");
        var worker = FakeWorkers.Write(_root, $"""
            {Start3}
            {Epoch(1, 10)}
            mkdir '{stalled}' 2>/dev/null && kill -STOP $$
            {Epoch(2, 20)}
            {Epoch(3, 30)}
            {Final}
            """);
        using var host = new DashboardHost(_root, workerPath: worker, settings: new Dictionary<string, string>
        {
            ["Scheduler:StallMinimumSeconds"] = "1", ["Scheduler:StallTimeoutSeconds"] = "2", ["Scheduler:CancelGraceSeconds"] = "1",
        });
        var studyId = await host.Get<StudyService>().CreateAsync(OneRun(seeds: 2));

        var runs = await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status is not (RunStatus.Queued or RunStatus.Running)));

        Assert.Equal(RunStatus.Failed, runs[0].Status);
        Assert.StartsWith("stalled: the worker reported nothing for", runs[0].Error);
        Assert.Contains("past the limit of 2 s (Scheduler:StallTimeoutSeconds); it was stopped", runs[0].Error);
        Assert.Null(runs[0].StalledSince);
        Assert.Equal(RunStatus.Succeeded, runs[1].Status);
    }

    [Fact]
    public async Task WorkerReportingSuccess_WithAnEpochMissing_FailsItsRun()
    {
        var worker = FakeWorkers.Write(_root, $"""
            {Start3}
            {Epoch(1, 10)}
            {Epoch(3, 30)}
            {Final}
            """);
        using var host = new DashboardHost(_root, workerPath: worker);
        var studyId = await host.Get<StudyService>().CreateAsync(OneRun());

        var run = (await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status is not (RunStatus.Queued or RunStatus.Running)))).Single();

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("the worker reported success, but the record of this run is not whole: epoch 2 of 3 missing", run.Error);
    }

    [Theory]
    [InlineData("kill -KILL $$", "the worker was killed (SIGKILL): by someone's kill -9, or by the kernel's out-of-memory killer")]
    [InlineData("exit 0", "the worker exited without reporting its final metrics")]
    public async Task WorkerThatEndsWithoutItsFinalReport_SaysHowItEnded(string end, string expected)
    {
        var worker = FakeWorkers.Write(_root, $"""
            {Start3}
            {Epoch(1, 10)}
            {end}
            """);
        using var host = new DashboardHost(_root, workerPath: worker);
        var studyId = await host.Get<StudyService>().CreateAsync(OneRun());

        var run = (await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status is not (RunStatus.Queued or RunStatus.Running)))).Single();

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.StartsWith(expected, run.Error);
    }

    [Fact]
    public async Task WorkerThatWritesANewerMajorSchema_FailsWithWhyItCouldNotBeRead()
    {
        var worker = FakeWorkers.Write(_root, $"""
            {Start3}
            echo '{"{"}"event":"epoch","schema":"2.0","time":0.2,"metrics":[0.5]{"}"}'
            echo '{"{"}"event":"final","schema":"2.0","time":0.3,"status":"succeeded","metrics":[]{"}"}'
            exit 0
            """);
        using var host = new DashboardHost(_root, workerPath: worker);
        var studyId = await host.Get<StudyService>().CreateAsync(OneRun());

        var run = (await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status is not (RunStatus.Queued or RunStatus.Running)))).Single();

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.StartsWith("the worker exited without reporting its final metrics ('epoch' event: written in event schema 2.0, but this program reads schema 1.x (up to 1.0); update it to read this run)", run.Error);
    }

    private AblationDb Database() =>
        new(new DbContextOptionsBuilder<AblationDb>().UseSqlite($"Data Source={_root.Combine("ablation.db")}").Options);
}
