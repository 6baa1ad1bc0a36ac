using System.Data.Common;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Ablation.Tests.Dashboard.Runs;

/// <summary>
/// A database that refuses to store a run's points for a while (locked, disk full): the run keeps
/// its slot, so no second worker trains beside it, and what it reported meanwhile is stored once
/// the database takes writes again, nothing missing and nothing twice.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class StorageFailureTests : IDisposable
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task PointsTheDatabaseRefuses_KeepTheRunInItsSlot_AndAreStoredOnceItTakesWritesAgain()
    {
        var log = _root.Combine("launches.log");
        var go = _root.Combine("go");
        var worker = FakeWorkers.Write(_root, $$$"""
            echo launched >> '{{{log}}}'
            echo '{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":3,"resumed_from_epoch":0}'
            echo '{"event":"batch","time":0.1,"epoch":1,"step":5,"loss":0.9,"lr":0.1}'
            {{{Epoch(1, 10)}}}
            while [ ! -f '{{{go}}}' ]; do sleep 0.05; done
            echo '{"event":"batch","time":0.2,"epoch":2,"step":15,"loss":0.8,"lr":0.1}'
            {{{Epoch(2, 20)}}}
            {{{Epoch(3, 30)}}}
            echo '{"event":"final","time":0.9,"status":"succeeded","metrics":{"test_accuracy":0.5,"test_loss":0.5,"epochs_completed":3}}'
            """);
        var refuse = new RefusePointInserts { Refusing = true };
        using var host = new DashboardHost(_root, maxConcurrentRuns: 1, workerPath: worker,
            services: s => s.ConfigureDbContext<AblationDb>(o => o.AddInterceptors(refuse)));
        var studyId = await host.Get<StudyService>().CreateAsync(TwoSeeds());

        // Three refusals are three tries of the same supervisor: one that gave up after the first
        // would have handed the slot to the second run, which cannot get past epoch 1 either.
        await Eventually.UntilAsync(() => refuse.Refused >= 3, "three refused stores of run 1's epoch 1");
        Assert.Single(File.ReadAllLines(log));
        var during = await host.RunsAsync(studyId);
        Assert.Equal([RunStatus.Running, RunStatus.Queued], during.Select(r => r.Status));

        refuse.Refusing = false;
        File.WriteAllText(go, "");
        var runs = await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == RunStatus.Succeeded));

        var points = await host.PointsAsync(studyId);
        foreach (var run in runs)
        {
            var mine = points.Where(p => p.RunId == run.Id).ToList();
            Assert.Equal([1, 2, 3], mine.Where(p => p.Split == "train" && p.Name == "loss").Select(p => p.Epoch).Order());
            Assert.Equal([5L, 15L], mine.Where(p => p.Split == "batch" && p.Name == "loss").Select(p => p.Step).Order());
        }

        Assert.Equal(2, File.ReadAllLines(log).Length);
    }

    private static StudySpec TwoSeeds() => new()
    {
        Name = "two seeds",
        Base = JsonNode.Parse("""{ "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 3 }""")!.AsObject(),
        Axes = [new Axis("seed", "seed", [JsonValue.Create(1), JsonValue.Create(2)])],
        Repeats = 1,
    };

    private static string Epoch(int epoch, int step) =>
        $$$"""echo '{"event":"epoch","time":0.{{{epoch}}},"epochs":3,"step":{{{step}}},"metrics":{"epoch":{{{epoch}}},"train_loss":0.5,"train_accuracy":0.5,"val_loss":0.5,"val_accuracy":0.5,"test_loss":0.5,"test_accuracy":0.5,"lr":0.1,"train_seconds":0.1,"epoch_seconds":0.1,"samples_per_second":100}}'""";

    /// <summary>Fails every insert into the points table, as SQLite does when the database is locked, while <see cref="Refusing"/>.</summary>
    private sealed class RefusePointInserts : DbCommandInterceptor
    {
        private int _refused;

        public volatile bool Refusing;

        public int Refused => Volatile.Read(ref _refused);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Refuse(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Refuse(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Refuse(DbCommand command)
        {
            if (Refusing && command.CommandText.Contains("INSERT INTO \"Points\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _refused);
                throw new SqliteException("SQLite Error 5: 'database is locked'.", 5);
            }
        }
    }
}
