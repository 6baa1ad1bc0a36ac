using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;
using Microsoft.Data.Sqlite;

namespace Ablation.Tests.Dashboard.Results;

public sealed class ResultsLoaderTests : IAsyncLifetime
{
    private ResultsDatabase _db = null!;

    public async Task InitializeAsync() => _db = await ResultsDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Load_GivesTheStudyItsAxesInOrderAndItsRuns()
    {
        var results = (await ResultsLoader.LoadAsync(_db, _db.StudyId))!;

        Assert.Equal("bn x dropout", results.Name);
        Assert.Equal("toy", results.Dataset);
        Assert.Equal(GridMode.Full, results.Mode);
        Assert.Equal([("bn", "model.batch_norm"), ("dropout", "model.dropout")], results.Axes.Select(a => (a.Name, a.Path!)));
        Assert.Equal(["on", "off"], results.Axes[0].Values);
        Assert.Equal(["0", "0.3"], results.Axes[1].Values);
        Assert.Equal([_db.Runs.OnZero, _db.Runs.OnPoint3, _db.Runs.OffZero, _db.Runs.OffPoint3], results.Runs.Select(r => r.Id));
        Assert.Equal("off", results.Run(_db.Runs.OffPoint3)!.Cell["bn"]);
        Assert.Equal("0.3", results.Run(_db.Runs.OffPoint3)!.Cell["dropout"]);
    }

    [Fact]
    public async Task Load_ParsesFinalMetrics_NaNStringsAsNaN_AndARunWithoutThemAsNull()
    {
        var results = (await ResultsLoader.LoadAsync(_db, _db.StudyId))!;

        var final = results.Run(_db.Runs.OnPoint3)!.FinalMetrics!;
        Assert.Equal(0.92, final["test_accuracy"]);
        Assert.Equal(1.0, final["best_val_epoch"]);
        Assert.True(double.IsNaN(final["mean_train_seconds"]!.Value));
        Assert.Null(results.Run(_db.Runs.OffZero)!.FinalMetrics);
        Assert.Equal(RunStatus.Diverged, results.Run(_db.Runs.OffZero)!.Status);
    }

    [Fact]
    public async Task Load_GroupsPointsIntoSeriesPerRun_EpochPointsByEpochAndBatchPointsByStep()
    {
        var results = (await ResultsLoader.LoadAsync(_db, _db.StudyId))!;

        var onZero = _db.Runs.OnZero;
        Assert.Equal(
            ["train/accuracy", "train/epoch_seconds", "train/loss", "train/lr", "val/accuracy", "val/loss", "test/accuracy", "test/loss", "batch/loss"],
            results.SeriesOf(onZero).Select(s => s.Key.ToString()));

        var valAccuracy = results.SeriesFor(onZero, "val", "accuracy")!;
        Assert.False(valAccuracy.XIsStep);
        Assert.Equal([(1.0, 0.85), (2.0, 0.91)], valAccuracy.Points.Select(p => (p.X, p.Value)));
        Assert.Equal([100L, 200L], valAccuracy.Points.Select(p => p.Step));

        var batch = results.SeriesFor(onZero, "batch", "loss")!;
        Assert.True(batch.XIsStep);
        Assert.Equal([(50.0, 1.2), (100.0, 0.9), (150.0, 0.7)], batch.Points.Select(p => (p.X, p.Value)));
        Assert.Equal([1, 1, 2], batch.Points.Select(p => p.Epoch));

        Assert.Equal([(1.0, 0.95)], results.SeriesFor(_db.Runs.OffZero, "test", "accuracy")!.Points.Select(p => (p.X, p.Value)));
        Assert.Null(results.SeriesFor(onZero, "batch", "lr"));
        Assert.Null(results.SeriesFor(9999, "val", "loss"));
        Assert.Empty(results.SeriesOf(9999));

        // 2 epochs × 8 + 3 batch, 1 × 8, 1 × 8 + 2 batch, 1 × 8; the other study's 8 stay out.
        Assert.Equal(19 + 8 + 10 + 8, results.PointCount);
    }

    [Fact]
    public async Task Load_ReadsThePointsWithOneQuery()
    {
        await ResultsLoader.LoadAsync(_db, _db.StudyId);

        Assert.Equal(1, _db.PointQueries);
    }

    [Theory]
    [InlineData(true, "USING INDEX IX_Points_StudyId_RunId_Step ")]
    [InlineData(false, "USING COVERING INDEX IX_Points_EpochPoints ")] // without batch points: the partial index that holds none, and every column
    public async Task Load_PointsQueryWalksTheStudyRunStepIndexWithoutSorting(bool withBatch, string index)
    {
        await ResultsLoader.LoadAsync(_db, _db.StudyId, withBatch);
        var plan = await QueryPlanAsync(_db.LastPointsQuery!.Value);

        Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_WithoutBatch_LeavesOutBatchPointsOnly()
    {
        var all = (await ResultsLoader.LoadAsync(_db, _db.StudyId, withBatch: true))!;
        var epochs = (await ResultsLoader.LoadAsync(_db, _db.StudyId, withBatch: false))!;

        var (onZero, _, offZero, _) = _db.Runs;
        Assert.NotNull(all.SeriesFor(onZero, "batch", "loss"));
        Assert.Null(epochs.SeriesFor(onZero, "batch", "loss"));
        Assert.Equal(all.PointCount - 5, epochs.PointCount); // the 3 + 2 batch points
        Assert.Equal(all.SeriesFor(offZero, "val", "loss")!.Points, epochs.SeriesFor(offZero, "val", "loss")!.Points);
    }

    private async Task<List<string>> QueryPlanAsync((string Sql, IReadOnlyList<(string, object?)> Parameters) query)
    {
        await using var connection = new SqliteConnection($"Data Source={_db.DatabasePath}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + query.Sql;
        foreach (var (name, value) in query.Parameters)
        {
            explain.Parameters.AddWithValue(name, value);
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3) + " ");
        }

        return plan;
    }

    [Fact]
    public async Task Load_UnknownStudy_IsNull()
    {
        Assert.Null(await ResultsLoader.LoadAsync(_db, 9999));
    }

    [Fact]
    public void Build_OneFactorAtATime_FillsTheAxesACellDoesNotSetFromTheRunsSpec()
    {
        var study = new Study
        {
            Id = 1, Name = "ofat", Dataset = "toy", GridMode = "OneFactorAtATime",
            SpecJson = ResultsDatabase.SpecJson.Replace("\"mode\":\"Full\"", "\"mode\":\"OneFactorAtATime\"", StringComparison.Ordinal),
        };
        Run Run(int id, string label, string cell, string spec) => new() { Id = id, StudyId = 1, Label = label, CellJson = cell, SpecJson = spec };
        var runs = new[]
        {
            Run(1, "baseline", "{}", """{"model":{"batch_norm":true,"dropout":0}}"""),
            Run(2, "bn=off", """{"bn":"off"}""", """{"model":{"batch_norm":false,"dropout":0}}"""),
            Run(3, "dropout=0.3", """{"dropout":"0.3"}""", """{"model":{"batch_norm":true,"dropout":0.3}}"""),
        };

        var results = ResultsLoader.Build(study, runs, []);

        Assert.Equal(GridMode.OneFactorAtATime, results.Mode);
        Assert.Equal([("on", "0"), ("off", "0"), ("on", "0.3")], results.Runs.Select(r => (r.Cell["bn"], r.Cell["dropout"])));
    }

    [Fact]
    public void Build_Variants_AddsAVariantAxisAndAnAxisPerOverriddenField()
    {
        var spec = """
            {"name":"v","base":{"model":{"dropout":0}},"mode":"Variants","repeats":1,
             "variants":[{"name":"baseline","set":{}},{"name":"+dropout","set":{"model.dropout":0.3}}]}
            """;
        var study = new Study { Id = 1, Name = "v", Dataset = "toy", GridMode = "Variants", SpecJson = spec };
        var runs = new[]
        {
            new Run { Id = 1, Label = "baseline", CellJson = "{}", SpecJson = """{"model":{"dropout":0}}""" },
            new Run { Id = 2, Label = "+dropout", CellJson = """{"model.dropout":"0.3"}""", SpecJson = """{"model":{"dropout":0.3}}""" },
        };

        var results = ResultsLoader.Build(study, runs, []);

        Assert.Equal([ResultsLoader.VariantAxis, "model.dropout"], results.Axes.Select(a => a.Name));
        Assert.Equal(["baseline", "+dropout"], results.Axes[0].Values);
        Assert.Equal(["0.3", "0"], results.Axes[1].Values); // the listed value, then the baseline's own
        Assert.Equal([("baseline", "0"), ("+dropout", "0.3")], results.Runs.Select(r => (r.Cell["variant"], r.Cell["model.dropout"])));
    }

    [Fact]
    public void Build_UnreadableSpec_TakesTheAxesFromTheCells()
    {
        var study = new Study { Id = 1, Name = "old", Dataset = "toy", GridMode = "Full", SpecJson = "not json" };
        var runs = new[]
        {
            new Run { Id = 1, Label = "a=1", CellJson = """{"a":"1"}""", SpecJson = "{}" },
            new Run { Id = 2, Label = "a=2", CellJson = """{"a":"2"}""", SpecJson = "{}" },
        };

        var results = ResultsLoader.Build(study, runs, []);

        Assert.Equal([("a", (string[])["1", "2"])], results.Axes.Select(a => (a.Name, a.Values.ToArray())));
    }
}
