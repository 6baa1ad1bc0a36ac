using System.Net.Http.Json;
using System.Text.Json;
using Ablation.Contracts.Worker;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Ablation.Tests.Browser;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Ablation.Training.Worker;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Ablation.Tests.Dashboard.Runs;

/// <summary>
/// The real dashboard, killed with SIGKILL again and again while it trains a study with the real
/// worker (right after the launch, during an epoch, right after an epoch was stored, between two
/// runs, right after a restart, at the end of a run), and started again on the same folder each
/// time. Whatever moment it dies at, its worker stops by itself, and when the study is done every
/// run holds each of its epochs exactly once, at the right step, with the values a run that was
/// never interrupted computes.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed partial class DashboardCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Epochs = 4;
    // A batch line every other step: the test sees an epoch begin early in it, so a worker as fast as
    // the one on OpenBLAS is still stopped inside the epoch on a busy machine.
    private const int LogEvery = 2;
    private const int Seeds = 3;

    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    // Big enough that an epoch takes a good fraction of a second on one thread, so that "during
    // an epoch" is a moment that lasts.
    private static string Spec(int seed) => $$"""
        { "data": { "dataset": "toy-big", "validation_fraction": 0.2 }, "model": { "family": "cnn", "conv_channels": [8, 16] },
          "optimizer": { "name": "adam", "lr": 0.002 }, "batch_size": 32, "epochs": {{Epochs}}, "log_every": {{LogEvery}}, "seed": {{seed}} }
        """;

    [Fact]
    public async Task KilledAtAnyMoment_EveryRunEndsWithEachEpochOnce_AsAnUninterruptedRunRecordsIt()
    {
        ToyData.Write(_root.Combine("data"));
        ToyData.Write(_root.Combine("data"), id: "toy-big", size: 20, train: 3000, test: 400);
        var settings = new Dictionary<string, string> { ["Scheduler:FlushMilliseconds"] = "100" };

        var dashboard = await DashboardProcess.StartAsync(settings, folder: _root.Path);
        try
        {
            using (var http = new HttpClient { BaseAddress = dashboard.BaseUrl })
            {
                var created = await http.PostAsync("/api/studies", new StringContent($$"""
                    { "name": "crash", "repeats": 1, "base": {{Spec(1)}}, "axes": [{ "name": "seed", "path": "seed", "values": [1, 2, 3] }] }
                    """, System.Text.Encoding.UTF8, "application/json"));
                Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            }

            // A lasting moment is a state of the database that, once reached, holds until the kill; a
            // moment inside an epoch is held by stopping the worker (SIGSTOP) at that epoch's first
            // batch line, so that the kill lands in it however slow the machine is.
            var moments = new Moment[]
            {
                new Lasting("right after the launch", _ => true),
                new MidEpoch("during run 1's first epoch", Run: 0, Epoch: 1),
                new Lasting("right after run 1's second epoch was stored", s => s.HasEpoch(0, 2)),
                new MidEpoch("during run 1's fourth epoch", Run: 0, Epoch: 4),
                new Lasting("between runs 1 and 2", s => s.Runs[0].Status == RunStatus.Succeeded),
                new Lasting("right after a restart", _ => true),
                new MidEpoch("during run 2's third epoch", Run: 1, Epoch: 3),
                new Lasting("as run 2's last epoch was stored", s => s.HasEpoch(1, Epochs)),
                new Lasting("right after a restart, again", _ => true),
                new MidEpoch("during run 3's second epoch", Run: 2, Epoch: 2),
            };
            // Where each run's event file stood while no worker ran (before the dashboard, and so its
            // workers, started again): a moment inside an epoch watches what the next worker writes from
            // there, so however soon that worker reaches the epoch, its first batch line is seen.
            IReadOnlyDictionary<int, long> quiet = new Dictionary<int, long>();
            foreach (var moment in moments)
            {
                int? frozen = null;
                State seen;
                if (moment is Lasting lasting)
                {
                    seen = await WaitForAsync(lasting.Now, TimeSpan.FromMinutes(3), moment.Name);
                }
                else
                {
                    (seen, frozen) = await FreezeInEpochAsync((MidEpoch)moment, quiet.GetValueOrDefault(((MidEpoch)moment).Run));
                }

                await dashboard.CrashAsync();
                if (frozen is { } pid)
                {
                    _ = Kill(pid, SigCont);
                }

                output.WriteLine($"killed {moment.Name}: {seen.Describe()}");

                // Its workers notice at once that it is gone, and stop on their own.
                await WaitForNoWorkerAsync(TimeSpan.FromSeconds(60), moment.Name);
                quiet = EventFileLengths(await ReadAsync());
                await dashboard.DisposeAsync();
                dashboard = await DashboardProcess.StartAsync(settings, folder: _root.Path);
            }

            var done = await WaitForAsync(s => s.Runs.All(r => r.Status is not (RunStatus.Queued or RunStatus.Running)), TimeSpan.FromMinutes(5), "the end of the study");
            output.WriteLine($"done: {done.Describe()}");
            await CheckRecordAsync(done);
        }
        finally
        {
            await dashboard.DisposeAsync();
        }
    }

    private async Task CheckRecordAsync(State state)
    {
        Assert.Equal(Seeds, state.Runs.Count);
        foreach (var (run, index) in state.Runs.Select((r, i) => (r, i)))
        {
            Assert.True(run.Status == RunStatus.Succeeded, $"run {run.Id}: {run.Status} {run.Error}");
            Assert.Equal(Epochs, run.EpochsDone);
            Assert.Equal(new FileInfo(RunFolder.EventsPath(run.RunDirectory!)).Length, run.EventsOffset);
            var points = state.Points.Where(p => p.RunId == run.Id).ToList();

            // What the same spec records when nothing interrupts it.
            var reference = Reference(index + 1);
            var stepsPerEpoch = reference.StepsPerEpoch;
            foreach (var (split, name) in new[] { ("train", "loss"), ("train", "accuracy"), ("val", "loss"), ("val", "accuracy"), ("test", "loss"), ("test", "accuracy") })
            {
                var curve = points.Where(p => p.Split == split && p.Name == name).OrderBy(p => p.Epoch).ToList();
                Assert.Equal(Enumerable.Range(1, Epochs), curve.Select(p => p.Epoch));
                Assert.Equal(curve.Select(p => p.Epoch * (long)stepsPerEpoch), curve.Select(p => p.Step));
                Assert.Equal(reference.Epochs[$"{split}_{name}"], curve.Select(p => p.Value));
            }

            var batches = points.Where(p => p.Split == "batch" && p.Name == "loss").Select(p => p.Step).Order().ToList();
            Assert.Equal(Enumerable.Range(1, Epochs * stepsPerEpoch / LogEvery).Select(i => (long)(i * LogEvery)), batches);
            Assert.Equal(reference.Batches, points.Where(p => p.Split == "batch" && p.Name == "loss").OrderBy(p => p.Step).Select(p => p.Value));
            Assert.Equal(reference.TestAccuracy, JsonDocument.Parse(run.FinalMetricsJson!).RootElement.GetProperty("test_accuracy").GetDouble());
        }
    }

    /// <summary>The run of seed <paramref name="seed"/> trained by the worker in this process, in one go, into a folder of its own.</summary>
    private (int StepsPerEpoch, Dictionary<string, List<double>> Epochs, List<double> Batches, double TestAccuracy) Reference(int seed)
    {
        var folder = _root.Combine("reference", seed.ToString());
        var spec = _root.Combine($"reference-{seed}.json");
        File.WriteAllText(spec, Spec(seed));
        var code = WorkerCommand.Run(["run", spec, "--data-root", _root.Combine("data"), "--out", folder, "--threads", "1"], TextWriter.Null, TextWriter.Null);
        Assert.Equal((int)ExitCode.Succeeded, code);
        var events = File.ReadAllLines(RunFolder.EventsPath(folder)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var epochs = events.Where(e => e.GetProperty("event").GetString() == "epoch").Select(e => e.GetProperty("metrics")).ToList();
        var curves = new[] { "train_loss", "train_accuracy", "val_loss", "val_accuracy", "test_loss", "test_accuracy" }
            .ToDictionary(n => n, n => epochs.Select(m => m.GetProperty(n).GetDouble()).ToList());
        return (events.Single(e => e.GetProperty("event").GetString() == "start").GetProperty("steps_per_epoch").GetInt32(), curves,
            [.. events.Where(e => e.GetProperty("event").GetString() == "batch").Select(e => e.GetProperty("loss").GetDouble())],
            events.Single(e => e.GetProperty("event").GetString() == "final").GetProperty("metrics").GetProperty("test_accuracy").GetDouble());
    }

    /// <summary>
    /// Stops run <c>Run</c>'s worker (SIGSTOP) at the first batch line it writes of epoch
    /// <c>Epoch</c> from now on, then waits until the dashboard has stored that line: the
    /// database then holds part of the epoch and not its end, and keeps holding it until the kill.
    /// If the worker got past the epoch's end before it was stopped (a very slow test process),
    /// it goes on and the next epoch is taken. The run's event file is read from
    /// <paramref name="quietLength"/>, where it stood while no worker ran (0 for a run not started
    /// then), so no line the current worker wrote is missed however early it wrote it. Returns the
    /// state and the stopped worker's id.
    /// </summary>
    private async Task<(State State, int Worker)> FreezeInEpochAsync(MidEpoch moment, long quietLength)
    {
        var state = await WaitForAsync(s => s.Runs[moment.Run].RunDirectory is not null, TimeSpan.FromMinutes(3), moment.Name);
        var folder = state.Runs[moment.Run].RunDirectory!;
        var events = RunFolder.EventsPath(folder);
        using var file = new RunEventFile(events, quietLength);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        var (epoch, begun) = (moment.Epoch, false);
        void Feed(IEnumerable<EventFileLine> lines)
        {
            foreach (var e in lines.Select(l => JsonDocument.Parse(l.Text).RootElement))
            {
                if (EpochEnded(e) >= epoch)
                {
                    (epoch, begun) = (EpochEnded(e) + 1, false); // over before it could be held: the next one
                }
                else if (e.GetProperty("event").GetString() == "batch" && e.GetProperty("epoch").GetInt32() == epoch)
                {
                    begun = true;
                }
            }
        }

        while (epoch <= Epochs)
        {
            Feed(file.ReadNew());
            if (!begun)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"waited for a batch line of epoch {epoch} in {events} ({moment.Name})");
                }

                await Task.Delay(5);
                continue;
            }

            var worker = RunFolderLock.HolderPid(folder) ?? throw new InvalidOperationException($"no worker holds {folder}");
            _ = Kill(worker, SigStop);
            var held = epoch;
            Feed(file.ReadNew());
            if (epoch != held)
            {
                _ = Kill(worker, SigCont);
                continue;
            }

            state = await WaitForAsync(s => s.Batches(moment.Run, held) > 0, TimeSpan.FromMinutes(1), moment.Name);
            Assert.False(state.HasEpoch(moment.Run, held));
            return (state, worker);
        }

        throw new InvalidOperationException($"{moment.Name}: every epoch from {moment.Epoch} ended before the worker could be stopped in it");
    }

    /// <summary>The length of each started run's event file (by the run's index in the study), 0 where it has none yet.</summary>
    private static Dictionary<int, long> EventFileLengths(State state) =>
        state.Runs.Select((r, i) => (r, i)).Where(x => x.r.RunDirectory is not null)
            .ToDictionary(x => x.i, x => RunFolder.EventsPath(x.r.RunDirectory!) is var path && File.Exists(path) ? new FileInfo(path).Length : 0);

    private static int EpochEnded(JsonElement e) =>
        e.GetProperty("event").GetString() == "epoch" ? e.GetProperty("metrics").GetProperty("epoch").GetInt32() : 0;

    private async Task<State> WaitForAsync(Func<State, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = await ReadAsync();
            if (state.Runs.Count == Seeds && condition(state))
            {
                return state;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}; the study stands at {state.Describe()}");
            }

            await Task.Delay(20);
        }
    }

    private async Task<State> ReadAsync()
    {
        var options = new DbContextOptionsBuilder<AblationDb>().UseSqlite($"Data Source={_root.Combine("ablation.db")}").Options;
        await using var db = new AblationDb(options);
        var runs = await db.Runs.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        var points = await db.Points.AsNoTracking().ToListAsync();
        return new State(runs, points);
    }

    /// <summary>Waits until no worker process trains in this test's folder any more.</summary>
    private async Task WaitForNoWorkerAsync(TimeSpan timeout, string moment)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Workers() is { Count: > 0 } alive)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"killed {moment}: worker(s) {string.Join(", ", alive)} still running {timeout.TotalSeconds:0} s after the dashboard died");
            }

            await Task.Delay(20);
        }
    }

    private List<int> Workers()
    {
        var runs = _root.Combine("runs");
        var alive = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (command.Contains("ablate-worker", StringComparison.Ordinal) && command.Contains(runs, StringComparison.Ordinal))
                {
                    alive.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone in between.
            }
        }

        return alive;
    }

    private abstract record Moment(string Name);

    /// <summary>Kill once the database shows <paramref name="Now"/>.</summary>
    private sealed record Lasting(string Name, Func<State, bool> Now) : Moment(Name);

    /// <summary>Kill while run <paramref name="Run"/> (0-based) is inside epoch <paramref name="Epoch"/>, part of it stored.</summary>
    private sealed record MidEpoch(string Name, int Run, int Epoch) : Moment(Name);

    private const int SigCont = 18;
    private const int SigStop = 19;

    [System.Runtime.InteropServices.LibraryImport("libc.so.6", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    private sealed record State(List<Run> Runs, List<MetricPoint> Points)
    {
        public int Batches(int run, int epoch) =>
            Runs.Count > run ? Points.Count(p => p.RunId == Runs[run].Id && p.Split == "batch" && p.Name == "loss" && p.Epoch == epoch) : 0;

        public bool HasEpoch(int run, int epoch) =>
            Runs.Count > run && Points.Any(p => p.RunId == Runs[run].Id && p.Split == "train" && p.Name == "loss" && p.Epoch == epoch);

        public string Describe() => string.Join("; ", Runs.Select(r =>
            $"run {r.Id} {r.Status} {r.EpochsDone}/{r.Epochs} ({Points.Count(p => p.RunId == r.Id && p.Split == "batch")} batch points){(r.Error is null ? "" : $" {r.Error}")}"));
    }
}
