using System.Data.Common;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Tests.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ablation.Tests.Dashboard.Results;

/// <summary>
/// A migrated SQLite file holding one small study: bn {on, off} × dropout {0, 0.3}, one run per
/// cell. Run ids come back in <see cref="Runs"/>:
/// <list type="bullet">
/// <item>OnZero (bn=on, dropout=0): succeeded, test accuracy 0.90, test loss 0.30, two epochs of points and three batch points.</item>
/// <item>OnPoint3 (bn=on, dropout=0.3): succeeded, test accuracy 0.92 (the best), test loss 0.28.</item>
/// <item>OffZero (bn=off, dropout=0): diverged in epoch 2, no final metrics; epoch 1's points flatter it (test accuracy 0.95, test loss 0.10).</item>
/// <item>OffPoint3 (bn=off, dropout=0.3): succeeded, test accuracy 0.88, test loss 0.25 (the lowest of the succeeded), label with a comma and quotes.</item>
/// </list>
/// </summary>
internal sealed class ResultsDatabase : IDisposable, IDbContextFactory<AblationDb>
{
    public const string SpecJson = """
        {"name":"bn x dropout","description":"","base":{"data":{"dataset":"toy"},"model":{"family":"mlp","batch_norm":true,"dropout":0},"epochs":2,"seed":1},
         "axes":[{"name":"bn","path":"model.batch_norm","values":[true,false]},{"name":"dropout","path":"model.dropout","values":[0,0.3]}],
         "mode":"Full","variants":[],"repeats":1}
        """;

    private readonly TempDataRoot _root = new();
    private readonly DbContextOptions<AblationDb> _options;
    private readonly PointsQueryCounter _counter = new();
    private readonly IDisposable _pointReads;

    public ResultsDatabase()
    {
        _options = new DbContextOptionsBuilder<AblationDb>()
            .UseSqlite($"Data Source={_root.Combine("results.db")}")
            .AddInterceptors(_counter)
            .Options;
        _pointReads = _counter.Listen(_root.Combine("results.db"));
    }

    public (int OnZero, int OnPoint3, int OffZero, int OffPoint3) Runs { get; private set; }
    public int StudyId { get; private set; }

    /// <summary>Commands that read the Points table, counted since the last <see cref="ResetCounts"/>.</summary>
    public int PointQueries => _counter.Count;

    /// <summary>The SQL of the last command that read the Points table, with its parameters.</summary>
    public (string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)? LastPointsQuery => _counter.Last;

    public string DatabasePath => _root.Combine("results.db");

    public void ResetCounts() => _counter.Reset();

    public AblationDb CreateDbContext() => new(_options);

    public static async Task<ResultsDatabase> CreateAsync()
    {
        var database = new ResultsDatabase();
        await using (var db = database.CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }

        await database.SeedAsync();
        database.ResetCounts();
        return database;
    }

    public void Dispose()
    {
        _pointReads.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // releases the file so the folder can go
        _root.Dispose();
    }

    private async Task SeedAsync()
    {
        await using var db = CreateDbContext();
        var study = new Study { Name = "bn x dropout", Dataset = "toy", SpecJson = SpecJson, GridMode = "Full" };
        var onZero = NewRun("bn=on, dropout=0", "on", "0", RunStatus.Succeeded, Final(test: 0.90, testLoss: 0.30, bestVal: 0.91, bestEpoch: 2, seconds: 3.5));
        var onPoint3 = NewRun("bn=on, dropout=0.3", "on", "0.3", RunStatus.Succeeded, Final(test: 0.92, testLoss: 0.28, bestVal: 0.93, bestEpoch: 1, seconds: 3.0));
        var offZero = NewRun("bn=off, dropout=0", "off", "0", RunStatus.Diverged, null);
        offZero.EpochsDone = 1;
        offZero.Error = "diverged at epoch 2, step 150: loss NaN";
        var offPoint3 = NewRun("bn=off, \"dropout\"=0.3", "off", "0.3", RunStatus.Succeeded, Final(test: 0.88, testLoss: 0.25, bestVal: 0.89, bestEpoch: 2, seconds: 2.0));
        study.Runs.AddRange([onZero, onPoint3, offZero, offPoint3]);
        db.Studies.Add(study);
        await db.SaveChangesAsync();

        // A second study's points must not leak into the first's results.
        var other = new Study { Name = "other", Dataset = "toy", SpecJson = SpecJson, GridMode = "Full" };
        var otherRun = NewRun("bn=on, dropout=0", "on", "0", RunStatus.Succeeded, Final(test: 0.5, testLoss: 1, bestVal: 0.5, bestEpoch: 1, seconds: 1));
        other.Runs.Add(otherRun);
        db.Studies.Add(other);
        await db.SaveChangesAsync();

        StudyId = study.Id;
        Runs = (onZero.Id, onPoint3.Id, offZero.Id, offPoint3.Id);

        var points = new List<MetricPoint>();
        void Epoch(Run run, long step, int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc, double testLoss, double testAcc)
        {
            foreach (var (split, name, value) in new[]
            {
                ("train", "loss", trainLoss), ("train", "accuracy", trainAcc), ("val", "loss", valLoss), ("val", "accuracy", valAcc),
                ("test", "loss", testLoss), ("test", "accuracy", testAcc), ("train", "lr", 0.001), ("train", "epoch_seconds", 3.0),
            })
            {
                points.Add(new MetricPoint { StudyId = run.StudyId, RunId = run.Id, Step = step, Epoch = epoch, Split = split, Name = name, Value = value, Time = epoch * 3.0 });
            }
        }

        void Batch(Run run, long step, int epoch, double loss) =>
            points.Add(new MetricPoint { StudyId = run.StudyId, RunId = run.Id, Step = step, Epoch = epoch, Split = "batch", Name = "loss", Value = loss, Time = step / 50.0 });

        Batch(onZero, 50, 1, 1.2);
        Batch(onZero, 100, 1, 0.9);
        Epoch(onZero, 100, 1, 0.6, 0.80, 0.5, 0.85, 0.5, 0.84);
        Batch(onZero, 150, 2, 0.7);
        Epoch(onZero, 200, 2, 0.4, 0.88, 0.35, 0.91, 0.30, 0.90);
        Epoch(onPoint3, 100, 1, 0.5, 0.85, 0.4, 0.93, 0.28, 0.92);
        Batch(offZero, 50, 1, 2.5);
        Epoch(offZero, 100, 1, 2.0, 0.30, 1.9, 0.35, 0.10, 0.95);
        Batch(offZero, 150, 2, 1e30);
        Epoch(offPoint3, 100, 1, 0.45, 0.86, 0.42, 0.89, 0.25, 0.88);
        Epoch(otherRun, 100, 1, 9, 0.1, 9, 0.1, 9, 0.1);
        db.Points.AddRange(points);
        await db.SaveChangesAsync();

        Run NewRun(string label, string bn, string dropout, RunStatus status, string? final) => new()
        {
            Label = label,
            CellJson = $$"""{"bn":"{{bn}}","dropout":"{{dropout}}"}""",
            Seed = 1,
            SpecJson = "{}",
            Status = status,
            Parameters = 1234,
            Epochs = 2,
            EpochsDone = status == RunStatus.Succeeded ? 2 : 0,
            FinalMetricsJson = final,
        };
    }

    private static string Final(double test, double testLoss, double bestVal, int bestEpoch, double seconds) => $$"""
        {"test_accuracy":{{test}},"test_loss":{{testLoss}},"train_loss":0.4,"train_accuracy":0.88,"val_loss":0.35,"val_accuracy":{{bestVal}},
         "best_val_accuracy":{{bestVal}},"best_val_loss":0.3,"best_val_epoch":{{bestEpoch}},"test_accuracy_at_best_val":{{test}},"test_loss_at_best_val":{{testLoss}},
         "mean_epoch_seconds":{{seconds}},"mean_train_seconds":"NaN","parameters":1234,"epochs_completed":2,"seconds":10}
        """;

    /// <summary>Counts the commands that read the Points table and keeps the last one's text.</summary>
    private sealed class PointsQueryCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => _count;
        public (string, IReadOnlyList<(string, object?)>)? Last { get; private set; }

        public void Reset()
        {
            _count = 0;
            Last = null;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return base.ReaderExecuting(command, eventData, result);
        }

        private void Record(DbCommand command)
        {
            if (command.CommandText.Contains("FROM \"Points\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
                Last = (command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList());
            }
        }

        /// <summary>The results loader reads points through SQLite directly (PointReader), which reports each query as a diagnostic event.</summary>
        public IDisposable Listen(string database) => PointReader.Diagnostics.Subscribe(new Observer(this, Path.GetFullPath(database)));

        private sealed class Observer(PointsQueryCounter counter, string database) : IObserver<KeyValuePair<string, object?>>
        {
            public void OnNext(KeyValuePair<string, object?> value)
            {
                if (value.Value is PointQuery query && Path.GetFullPath(query.DataSource) == database)
                {
                    Interlocked.Increment(ref counter._count);
                    counter.Last = (query.Sql, query.Parameters);
                }
            }

            public void OnCompleted()
            {
            }

            public void OnError(Exception error)
            {
            }
        }
    }
}
