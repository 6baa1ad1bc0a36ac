using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Data;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard;

[Collection(TorchCollection.Name)]
public sealed class RunSchedulerTests : IDisposable
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();

    public void Dispose() => _root.Dispose();

    private static StudySpec Grid(int epochs = 2, int repeats = 1, params Axis[] axes) => new()
    {
        Name = "toy grid",
        Base = JsonNode.Parse($$"""
            { "data": { "dataset": "toy" }, "model": { "family": "cnn", "conv_channels": [4, 8] },
              "optimizer": { "name": "adam", "lr": 0.01 }, "batch_size": 32, "epochs": {{epochs}}, "log_every": 4 }
            """)!.AsObject(),
        Axes = axes.Length > 0 ? axes :
        [
            new Axis("bn", "model.batch_norm", [JsonValue.Create(false), JsonValue.Create(true)]),
            new Axis("dropout", "model.dropout", [JsonValue.Create(0.0), JsonValue.Create(0.3)]),
        ],
        Repeats = repeats,
    };

    [Fact]
    public async Task Launch_2x2Grid_TrainsEveryRunAndStoresItsCurves()
    {
        using var host = new DashboardHost(_root, maxConcurrentRuns: 2);
        var studyId = await host.Get<StudyService>().CreateAsync(Grid());

        var runs = await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status is not (RunStatus.Queued or RunStatus.Running)));

        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Equal(["bn=off, dropout=0", "bn=off, dropout=0.3", "bn=on, dropout=0", "bn=on, dropout=0.3"], runs.Select(r => r.Label));
        Assert.All(runs, r =>
        {
            Assert.Equal((2, 2), (r.EpochsDone, r.Epochs));
            Assert.True(JsonDocument.Parse(r.FinalMetricsJson!).RootElement.GetProperty("test_accuracy").GetDouble() > 0.3);
            Assert.NotNull(r.Parameters);
        });
        var points = await host.PointsAsync(studyId);
        foreach (var run in runs)
        {
            var mine = points.Where(p => p.RunId == run.Id).ToList();
            Assert.Equal([1, 2], mine.Where(p => p.Split == "val" && p.Name == "accuracy").Select(p => p.Epoch).Order());
            Assert.Contains(mine, p => p.Split == "batch" && p.Name == "loss");
        }
    }

    [Fact]
    public async Task Queue_RunsInOrder_NeverMoreThanTheLimitAtOnce()
    {
        using var host = new DashboardHost(_root, maxConcurrentRuns: 1);
        var running = new ConcurrentDictionary<int, bool>();
        var started = new ConcurrentQueue<int>();
        var maxAtOnce = 0;
        using var subscription = host.Get<RunEventBus>().SubscribeAll(u =>
        {
            if (u.Event == "launch")
            {
                started.Enqueue(u.RunId);
                running[u.RunId] = true;
                lock (running)
                {
                    maxAtOnce = Math.Max(maxAtOnce, running.Count);
                }
            }
            else if (u.Event == "end")
            {
                running.TryRemove(u.RunId, out _);
            }
        });

        var studyId = await host.Get<StudyService>().CreateAsync(Grid(epochs: 1));
        var runs = await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == RunStatus.Succeeded));

        Assert.Equal(1, maxAtOnce);
        Assert.Equal(runs.Select(r => r.Id), started);
    }

    [Fact]
    public async Task LaunchesInQuickSuccession_StartEveryRunExactlyOnce()
    {
        using var host = new DashboardHost(_root, maxConcurrentRuns: 2);
        var launches = new ConcurrentDictionary<int, int>();
        using var subscription = host.Get<RunEventBus>().SubscribeAll(u =>
        {
            if (u.Event == "launch")
            {
                launches.AddOrUpdate(u.RunId, 1, (_, n) => n + 1);
            }
        });

        var studies = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            // Each launch wakes the queue while the previous run may still read 'queued'.
            studies.Add(await host.Get<StudyService>().CreateAsync(Grid(epochs: 1, axes: new Axis("seed", "seed", [JsonValue.Create(i)]))));
        }

        foreach (var id in studies)
        {
            await host.WaitForRunsAsync(id, rs => rs.All(r => r.Status == RunStatus.Succeeded));
        }

        Assert.Equal(5, launches.Count);
        Assert.All(launches, kv => Assert.Equal(1, kv.Value));
    }

    [Fact]
    public async Task CancelRun_StopsItsWorker_AndTheQueueGoesOn()
    {
        using var host = new DashboardHost(_root);
        var scheduler = host.Get<RunScheduler>();
        var studyId = await host.Get<StudyService>().CreateAsync(Grid(epochs: 200, axes: new Axis("seed", "seed", [JsonValue.Create(1), JsonValue.Create(2)])));
        var runs = await host.WaitForRunsAsync(studyId, rs => rs[0].EpochsDone >= 1);

        Assert.True(await scheduler.CancelAsync(runs[0].Id));
        Assert.True(await scheduler.CancelAsync(runs[1].Id)); // still queued: canceled in place

        runs = await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == RunStatus.Canceled), seconds: 30);
        Assert.All(runs, r => Assert.NotNull(r.EndedAt));

        // A supervisor records its run's end before it hands the slot back: give it a moment.
        var letGo = Stopwatch.StartNew();
        while (scheduler.ActiveRunIds.Count > 0 && letGo.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Empty(scheduler.ActiveRunIds);
        Assert.All(await host.RunsAsync(studyId), r => Assert.Equal(RunStatus.Canceled, r.Status));
    }

    [Fact]
    public async Task Supervisor_ClaimsOnlyAQueuedRun_SoACancelOrAFinishIsNeverOverwritten()
    {
        using var host = new DashboardHost(_root);
        var studyId = await host.Get<StudyService>().CreateAsync(Grid(epochs: 1, axes: new Axis("seed", "seed", [JsonValue.Create(1), JsonValue.Create(2)])));
        await host.Get<RunScheduler>().CancelAsync((await host.RunsAsync(studyId))[1].Id);
        var before = await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status is RunStatus.Succeeded or RunStatus.Canceled));
        Assert.Equal([RunStatus.Succeeded, RunStatus.Canceled], before.Select(r => r.Status));
        var launches = 0;
        using var subscription = host.Get<RunEventBus>().SubscribeAll(u => launches += u.Event == "launch" ? 1 : 0);

        // What a scheduler pass that picked these runs an instant before they ended would do.
        foreach (var run in before)
        {
            await host.Get<RunSupervisor>().SuperviseAsync(run.Id, 1, CancellationToken.None, CancellationToken.None);
        }

        var after = await host.RunsAsync(studyId);
        Assert.Equal(0, launches);
        Assert.Equal(before.Select(r => (r.Status, r.StartedAt, r.EndedAt, r.FinalMetricsJson)), after.Select(r => (r.Status, r.StartedAt, r.EndedAt, r.FinalMetricsJson)));
    }

    [Fact]
    public async Task CrashingWorker_FailsItsRunOnly_AndTheDashboardStaysUp()
    {
        var crasher = FakeWorker("""
            echo '{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":2,"resumed_from_epoch":0}'
            echo 'Segmentation fault in libtorch_cpu.so' >&2
            kill -SEGV $$
            """);
        using var host = new DashboardHost(_root, workerPath: crasher);
        var studyId = await host.Get<StudyService>().CreateAsync(Grid(epochs: 1));

        var runs = await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == RunStatus.Failed));

        Assert.All(runs, r => Assert.Contains("Segmentation fault", r.Error));
        Assert.All(runs, r => Assert.Equal(10, r.Parameters));
        using var client = host.CreateClient();
        Assert.True((await client.GetAsync("/")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task MalformedAndPartialLines_AreSkipped_ValidOnesStored()
    {
        var noisy = FakeWorker("""
            echo '{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":1,"resumed_from_epoch":0}'
            echo 'warning: something printed by a library'
            echo '{"event":"batch","time":0.2,"epoch":1,"step":5,"loss":0.9,"lr":0.01}'
            printf '{"event":"batch","time":0.3,"ep'
            echo
            echo '{"event":"epoch","time":0.5,"epochs":1,"metrics":{"epoch":1,"train_loss":0.8,"train_accuracy":0.5,"val_loss":0.7,"val_accuracy":0.6,"test_loss":0.7,"test_accuracy":0.55,"lr":0.01,"train_seconds":0.1,"epoch_seconds":0.2,"samples_per_second":100}}'
            echo '{"event":"final","time":0.6,"status":"succeeded","metrics":{"test_accuracy":0.55,"test_loss":0.7}}'
            """);
        using var host = new DashboardHost(_root, workerPath: noisy);
        var studyId = await host.Get<StudyService>().CreateAsync(Grid(axes: new Axis("seed", "seed", [JsonValue.Create(1)])));

        var run = (await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == RunStatus.Succeeded))).Single();

        var points = await host.PointsAsync(studyId);
        Assert.Equal(0.9, points.Single(p => p.Split == "batch" && p.Name == "loss").Value);
        Assert.Equal(0.6, points.Single(p => p.Split == "val" && p.Name == "accuracy").Value);
        Assert.Equal(1, run.EpochsDone);
        Assert.Equal(0.55, JsonDocument.Parse(run.FinalMetricsJson!).RootElement.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public async Task DivergedWorker_EndsItsRunAsDiverged_EvenWithNaNMetrics()
    {
        var diverging = FakeWorker("""
            echo '{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":3,"resumed_from_epoch":0}'
            echo '{"event":"epoch","time":0.5,"epochs":3,"metrics":{"epoch":1,"train_loss":0.8,"train_accuracy":0.5,"val_loss":"NaN","val_accuracy":0.1,"test_loss":"Infinity","test_accuracy":0.1,"lr":0.1,"train_seconds":0.1,"epoch_seconds":0.2,"samples_per_second":100}}'
            echo '{"event":"diverged","time":0.6,"epoch":1,"step":14,"loss":"NaN"}'
            echo 'ablate: diverged: the loss became NaN or infinite' >&2
            exit 3
            """);
        using var host = new DashboardHost(_root, workerPath: diverging);
        var studyId = await host.Get<StudyService>().CreateAsync(Grid(axes: new Axis("seed", "seed", [JsonValue.Create(1)])));

        var run = (await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status is not (RunStatus.Queued or RunStatus.Running)))).Single();

        Assert.Equal(RunStatus.Diverged, run.Status);
        Assert.Contains("diverged at epoch 1, step 14", run.Error);
        var points = await host.PointsAsync(studyId);
        Assert.Equal(0.1, points.Single(p => p.Split == "val" && p.Name == "accuracy").Value);
        Assert.DoesNotContain(points, p => !double.IsFinite(p.Value));
    }

    [Fact]
    public async Task Restart_QueuesInterruptedRunsAgain_WhichResumeFromTheirCheckpoint()
    {
        int studyId;
        using (var first = new DashboardHost(_root))
        {
            studyId = await first.Get<StudyService>().CreateAsync(Grid(epochs: 60, axes: new Axis("seed", "seed", [JsonValue.Create(1)])));
            await first.WaitForRunsAsync(studyId, rs => rs[0].EpochsDone >= 2);
        } // the dashboard stops mid-run: its worker is stopped, the run stays 'running'

        var interrupted = (await DashboardHost.ReadRunsAsync(_root, studyId)).Single();
        Assert.Equal(RunStatus.Running, interrupted.Status);
        Assert.InRange(interrupted.EpochsDone, 2, 59);

        using var second = new DashboardHost(_root);
        var run = (await second.WaitForRunsAsync(studyId, rs => rs[0].Status == RunStatus.Succeeded)).Single();

        Assert.Equal(60, run.EpochsDone);
        var points = await second.PointsAsync(studyId);
        // Every epoch once: nothing recorded before the restart is lost, nothing is stored twice. A
        // worker that started over instead of resuming would have repeated the early batch steps.
        Assert.Equal(Enumerable.Range(1, 60), points.Where(p => p.Split == "val" && p.Name == "accuracy").Select(p => p.Epoch).Order());
        var batchSteps = points.Where(p => p.Split == "batch" && p.Name == "loss").Select(p => p.Step).ToList();
        Assert.Equal(batchSteps.Count, batchSteps.Distinct().Count());
        Assert.Equal(60 * 14 / 4, batchSteps.Count); // 432 training images / 32 = 14 steps an epoch, a batch event every 4
    }

    private string FakeWorker(string body) => FakeWorkers.Write(_root, body);
}
