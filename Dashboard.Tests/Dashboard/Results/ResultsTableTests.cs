using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Tests.Dashboard.Results;

public sealed class ResultsTableTests : IAsyncLifetime
{
    private ResultsDatabase _db = null!;
    private StudyResults _results = null!;

    public async Task InitializeAsync()
    {
        _db = await ResultsDatabase.CreateAsync();
        _results = (await ResultsLoader.LoadAsync(_db, _db.StudyId))!;
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private ResultRow Row(ResultsTable table, int runId) => table.Rows.Single(r => r.RunId == runId);

    [Fact]
    public void Build_GivesOneRowPerRunWithAxisValuesAndFinalMetrics()
    {
        var table = ResultsTable.Build(_results);

        Assert.Equal([_db.Runs.OnZero, _db.Runs.OnPoint3, _db.Runs.OffZero, _db.Runs.OffPoint3], table.Rows.Select(r => r.RunId));
        var row = Row(table, _db.Runs.OnZero);
        Assert.Equal("bn=on, dropout=0", row.Label);
        Assert.Equal(("on", "0"), (row.Axes["bn"], row.Axes["dropout"]));
        Assert.Equal((RunStatus.Succeeded, 2, 2, 1), (row.Status, row.EpochsDone, row.Epochs, row.Seed));
        Assert.Equal(MetricsSource.Final, row.Source);
        Assert.Equal((0.90, 0.30, 0.4, 0.88), (row.TestAccuracy, row.TestLoss, row.TrainLoss, row.TrainAccuracy));
        Assert.Equal((0.91, 2, 0.90, 0.30), (row.BestValAccuracy, row.BestValEpoch, row.TestAccuracyAtBestVal, row.TestLossAtBestVal));
        Assert.Equal((1234L, 3.5), (row.Parameters, row.MeanEpochSeconds));
        Assert.Equal(
            ["run_id", "label", "axis:bn", "axis:dropout", "repeat", "seed", "status", "epochs_done", "epochs"],
            table.Columns.Take(9).Select(c => c.Key));
    }

    [Fact]
    public void Build_RunWithoutFinalMetrics_ShowsItsLastRecordedEpochAndItsStatus_NothingElse()
    {
        var row = Row(ResultsTable.Build(_results), _db.Runs.OffZero);

        Assert.Equal(RunStatus.Diverged, row.Status);
        Assert.True(row.IsFailure);
        Assert.Equal("diverged at epoch 2, step 150: loss NaN", row.Error);
        Assert.Equal((MetricsSource.LastEpochPoints, 1), (row.Source, row.LastEpoch));
        Assert.Equal((2.0, 0.30, 1.9, 0.35, 0.10, 0.95), (row.TrainLoss, row.TrainAccuracy, row.ValLoss, row.ValAccuracy, row.TestLoss, row.TestAccuracy));
        Assert.Null(row.BestValAccuracy);
        Assert.Null(row.BestValEpoch);
        Assert.Null(row.TestAccuracyAtBestVal);
        Assert.Null(row.MeanEpochSeconds);
    }

    [Fact]
    public void Build_RunWithNothingRecorded_HasNullMetrics()
    {
        var queued = new RunResult { Id = 1, Label = "a=1", Cell = new Dictionary<string, string> { ["a"] = "1" }, Status = RunStatus.Queued, Epochs = 5 };
        var results = new StudyResults(1, "s", [new ResultAxis("a", "x.a", ["1"])], [queued], []);

        var row = ResultsTable.Build(results).Rows.Single();

        Assert.Equal(MetricsSource.None, row.Source);
        Assert.All(ResultMetrics.All, m => Assert.Null(row.Metric(m)));
        Assert.Null(row.LastEpoch);
        Assert.Null(row.Parameters);
        Assert.False(row.IsBest);
    }

    [Fact]
    public void Build_RunWithoutFinalMetrics_TakesEveryValueFromTheSameLastEpoch()
    {
        // Epoch 2's train points arrived, its test points did not: test shows nothing rather than epoch 1's value.
        var run = new RunResult { Id = 1, Label = "a=1", Cell = new Dictionary<string, string> { ["a"] = "1" }, Status = RunStatus.Running, Epochs = 5 };
        RunPoint P(int epoch, string split, string name, double value) => new(1, epoch * 10, epoch, split, name, value, epoch);
        var results = new StudyResults(1, "s", [new ResultAxis("a", "x.a", ["1"])], [run],
            [P(1, "train", "loss", 1.0), P(1, "test", "accuracy", 0.5), P(2, "train", "loss", 0.8)]);

        var row = ResultsTable.Build(results).Rows.Single();

        Assert.Equal((2, 0.8), (row.LastEpoch, row.TrainLoss));
        Assert.Null(row.TestAccuracy);
    }

    [Fact]
    public void Best_IsTheSucceededRunWithTheHighestTestAccuracy_NeverTheDivergedOne()
    {
        var table = ResultsTable.Build(_results);

        // The diverged run's epoch-1 test accuracy (0.95) is the highest number in the table.
        Assert.Equal(_db.Runs.OnPoint3, table.BestRow!.RunId);
        Assert.Equal([_db.Runs.OnPoint3], table.Rows.Where(r => r.IsBest).Select(r => r.RunId));
    }

    [Fact]
    public void Best_ByLowestTestLoss_IgnoresTheDivergedRunToo()
    {
        var table = ResultsTable.Build(_results, BestBy.For(ResultMetrics.TestLoss));

        Assert.False(table.Best.HigherIsBetter);
        Assert.Equal(_db.Runs.OffPoint3, table.BestRow!.RunId);
        Assert.Equal(_db.Runs.OnPoint3, table.WithBest(BestBy.TestAccuracy).BestRow!.RunId);
    }

    [Fact]
    public void Best_WithNoSucceededRun_IsNull()
    {
        var diverged = new RunResult { Id = 1, Label = "a=1", Cell = new Dictionary<string, string>(), Status = RunStatus.Diverged };
        var results = new StudyResults(1, "s", [], [diverged], [new RunPoint(1, 1, 1, "test", "accuracy", 0.9, 1)]);

        var table = ResultsTable.Build(results);

        Assert.Null(table.BestRow);
        Assert.False(table.Rows.Single().IsBest);
    }

    [Fact]
    public void Sort_ByAMetric_AscendingAndDescending()
    {
        var table = ResultsTable.Build(_results);

        Assert.Equal([0.10, 0.25, 0.28, 0.30], table.Sort(ResultColumn.TestLoss).Rows.Select(r => r.TestLoss!.Value));
        Assert.Equal([0.95, 0.92, 0.90, 0.88], table.Sort(ResultColumn.TestAccuracy, descending: true).Rows.Select(r => r.TestAccuracy!.Value));
    }

    [Fact]
    public void Sort_PutsNullsLastInBothDirections()
    {
        var table = ResultsTable.Build(_results);

        var ascending = table.Sort(ResultColumn.BestValAccuracy).Rows.Select(r => r.RunId);
        var descending = table.Sort(ResultColumn.BestValAccuracy, descending: true).Rows.Select(r => r.RunId);

        Assert.Equal([_db.Runs.OffPoint3, _db.Runs.OnZero, _db.Runs.OnPoint3, _db.Runs.OffZero], ascending);
        Assert.Equal([_db.Runs.OnPoint3, _db.Runs.OnZero, _db.Runs.OffPoint3, _db.Runs.OffZero], descending);
    }

    [Fact]
    public void Sort_PutsNaNWithTheNulls()
    {
        RunResult Run(int id, string? final) => new() { Id = id, Label = $"r{id}", Cell = new Dictionary<string, string>(), Status = RunStatus.Succeeded, FinalMetrics = ResultMetrics.Parse(final) };
        var results = new StudyResults(1, "s", [], [Run(1, """{"test_loss":"NaN"}"""), Run(2, null), Run(3, """{"test_loss":2}"""), Run(4, """{"test_loss":1}""")], []);

        var table = ResultsTable.Build(results);

        Assert.Equal([4, 3, 1, 2], table.Sort(ResultColumn.TestLoss).Rows.Select(r => r.RunId));
        Assert.Equal([3, 4, 1, 2], table.Sort(ResultColumn.TestLoss, descending: true).Rows.Select(r => r.RunId));
    }

    [Fact]
    public void Sort_ByAnAxis_FollowsTheAxisOrderNotTheText()
    {
        var axis = new ResultAxis("lr", "optimizer.lr", ["0.1", "0.01", "0.001"]);
        RunResult Run(int id, string lr) => new() { Id = id, Label = $"lr={lr}", Cell = new Dictionary<string, string> { ["lr"] = lr } };
        var results = new StudyResults(1, "s", [axis], [Run(1, "0.001"), Run(2, "0.1"), Run(3, "0.01")], []);

        var table = ResultsTable.Build(results);

        Assert.Equal([2, 3, 1], table.Sort("axis:lr").Rows.Select(r => r.RunId));
        Assert.Equal([1, 3, 2], table.Sort("axis:lr", descending: true).Rows.Select(r => r.RunId));
    }

    [Fact]
    public void Sort_ByStatusAndLabel_AndRemembersTheColumn()
    {
        var table = ResultsTable.Build(_results);

        var byStatus = table.Sort("status", descending: true);
        Assert.Equal(_db.Runs.OffZero, byStatus.Rows[0].RunId);
        Assert.Equal(ResultColumn.Status, byStatus.SortColumn);
        Assert.True(byStatus.SortDescending);
        Assert.Equal(["bn=off, \"dropout\"=0.3", "bn=off, dropout=0", "bn=on, dropout=0", "bn=on, dropout=0.3"], table.Sort(ResultColumn.Label).Rows.Select(r => r.Label));
        Assert.Equal(_db.Runs.OnPoint3, table.Sort(ResultColumn.TestLoss).BestRow!.RunId); // sorting keeps the flag
        Assert.Throws<ArgumentException>(() => table.Sort("no_such_column"));
    }

    [Fact]
    public void GroupBy_AnAxis_GivesGroupsInAxisOrderWithTheirRowsInTableOrder()
    {
        var table = ResultsTable.Build(_results).Sort(ResultColumn.TestAccuracy, descending: true);

        var groups = table.GroupBy("bn");

        Assert.Equal(["on", "off"], groups.Select(g => g.Value));
        Assert.Equal([_db.Runs.OnPoint3, _db.Runs.OnZero], groups[0].Rows.Select(r => r.RunId));
        Assert.Equal([_db.Runs.OffZero, _db.Runs.OffPoint3], groups[1].Rows.Select(r => r.RunId));
        Assert.Equal((1, 1), (groups[1].Succeeded, groups[1].Failures));
        Assert.Equal(0.88, groups[1].Mean(ResultMetrics.TestAccuracy)); // the diverged run's 0.95 does not count
        Assert.Equal(0.91, groups[0].Mean(ResultMetrics.TestAccuracy)!.Value, 12);
    }

    [Fact]
    public void GroupBy_RowsWithoutTheAxis_GoInALastGroupWithoutValue()
    {
        var axis = new ResultAxis("a", "x.a", ["1", "2"]);
        RunResult Run(int id, string? a) => new()
        {
            Id = id, Label = $"r{id}", Cell = a is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["a"] = a },
        };
        var table = ResultsTable.Build(new StudyResults(1, "s", [axis], [Run(1, "2"), Run(2, null), Run(3, "2")], []));

        var groups = table.GroupBy("a");

        Assert.Equal([("2", 2), (null, 1)], groups.Select(g => (g.Value, g.Rows.Count)));
        Assert.Throws<ArgumentException>(() => table.GroupBy("nope"));
    }
}
