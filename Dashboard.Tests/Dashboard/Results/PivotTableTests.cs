using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Tests.Dashboard.Results;

public sealed class PivotTableTests
{
    private static readonly ResultAxis _activation = new("activation", "model.activation", ["sigmoid", "relu", "gelu"]);
    private static readonly ResultAxis _loss = new("loss", "loss", ["euclidean", "cross_entropy", "hinge"]);

    private static RunResult Run(int id, string activation, string loss, RunStatus status, double? testAccuracy = null, double? testLoss = null, string? depth = null)
    {
        var cell = new Dictionary<string, string> { ["activation"] = activation, ["loss"] = loss };
        if (depth is not null)
        {
            cell["depth"] = depth;
        }

        var final = new Dictionary<string, double?> { ["test_accuracy"] = testAccuracy, ["test_loss"] = testLoss };
        return new RunResult
        {
            Id = id, Label = $"activation={activation}, loss={loss}", Cell = cell, Status = status,
            FinalMetrics = status == RunStatus.Succeeded ? final : null,
        };
    }

    /// <summary>Study B's grid with two repeats, runs listed out of axis order on purpose.</summary>
    private static StudyResults StudyB()
    {
        var runs = new List<RunResult>
        {
            Run(1, "gelu", "cross_entropy", RunStatus.Succeeded, 0.97, 0.10),
            Run(2, "gelu", "cross_entropy", RunStatus.Diverged),
            Run(3, "sigmoid", "euclidean", RunStatus.Succeeded, 0.96, 0.30),
            Run(4, "sigmoid", "euclidean", RunStatus.Succeeded, 0.962, 0.32),
            Run(5, "relu", "hinge", RunStatus.Diverged),
            Run(6, "relu", "hinge", RunStatus.Failed),
            Run(7, "relu", "cross_entropy", RunStatus.Succeeded, 0.973, 0.08),
            Run(8, "relu", "cross_entropy", RunStatus.Succeeded, 0.975, 0.10),
            Run(9, "sigmoid", "hinge", RunStatus.Running),
        };
        var id = 10;
        foreach (var (activation, loss) in new[] { ("sigmoid", "cross_entropy"), ("relu", "euclidean"), ("gelu", "euclidean") })
        {
            runs.Add(Run(id++, activation, loss, RunStatus.Succeeded, 0.95, 0.2));
            runs.Add(Run(id++, activation, loss, RunStatus.Succeeded, 0.95, 0.2));
        }

        // gelu × hinge has no runs at all.
        return new StudyResults(1, "study B", [_activation, _loss], runs, []);
    }

    [Fact]
    public void Build_RowsAndColumnsFollowTheAxisOrder()
    {
        var pivot = PivotTable.Build(StudyB(), "activation", "loss", ResultMetrics.TestAccuracy);

        Assert.Equal(["sigmoid", "relu", "gelu"], pivot.Rows);
        Assert.Equal(["euclidean", "cross_entropy", "hinge"], pivot.Columns);
        Assert.Equal(("relu", "hinge"), (pivot[1, 2].RowValue, pivot[1, 2].ColumnValue));
    }

    [Fact]
    public void Build_CellIsTheMeanOverItsSucceededRepeats_WithN()
    {
        var pivot = PivotTable.Build(StudyB(), "activation", "loss", ResultMetrics.TestAccuracy);

        var cell = pivot.Cell("sigmoid", "euclidean")!;
        Assert.Equal(0.961, cell.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(2 * 0.001 * 0.001), cell.StdDev!.Value, 12);
        Assert.Equal((2, 0, 2), (cell.N, cell.Failures, cell.Runs));
        Assert.Equal([3, 4], cell.RunIds);
    }

    [Fact]
    public void Build_DivergedRepeatIsCountedButNotAveraged()
    {
        var cell = PivotTable.Build(StudyB(), "activation", "loss", ResultMetrics.TestAccuracy).Cell("gelu", "cross_entropy")!;

        Assert.Equal(0.97, cell.Mean);
        Assert.Null(cell.StdDev); // one value has no spread
        Assert.Equal((1, 1, 2), (cell.N, cell.Failures, cell.Runs));
    }

    [Fact]
    public void Build_EmptyCellsAreNullNotZero()
    {
        var pivot = PivotTable.Build(StudyB(), "activation", "loss", ResultMetrics.TestAccuracy);

        var allFailed = pivot.Cell("relu", "hinge")!;
        Assert.Null(allFailed.Mean);
        Assert.True(allFailed.IsEmpty);
        Assert.Equal((0, 2, 2), (allFailed.N, allFailed.Failures, allFailed.Runs));

        var stillRunning = pivot.Cell("sigmoid", "hinge")!;
        Assert.Null(stillRunning.Mean);
        Assert.Equal((0, 0, 1), (stillRunning.N, stillRunning.Failures, stillRunning.Runs));

        var noRuns = pivot.Cell("gelu", "hinge")!;
        Assert.Null(noRuns.Mean);
        Assert.Equal((0, 0, 0), (noRuns.N, noRuns.Failures, noRuns.Runs));
    }

    [Fact]
    public void Build_FlagsTheBestCell_HighestAccuracyOrLowestLoss()
    {
        var byAccuracy = PivotTable.Build(StudyB(), "activation", "loss", ResultMetrics.TestAccuracy);
        var byLoss = PivotTable.Build(StudyB(), "activation", "loss", ResultMetrics.TestLoss);

        Assert.Equal(("relu", "cross_entropy"), (byAccuracy.BestCell!.RowValue, byAccuracy.BestCell.ColumnValue));
        Assert.Equal(0.974, byAccuracy.BestCell.Mean!.Value, 12);
        Assert.Single(Cells(byAccuracy), c => c.IsBest);
        Assert.Equal(("relu", "cross_entropy"), (byLoss.BestCell!.RowValue, byLoss.BestCell.ColumnValue)); // mean 0.09
        Assert.False(byLoss.Best.HigherIsBetter);
        Assert.Equal(("sigmoid", "euclidean"), Best(PivotTable.Build(StudyB(), "activation", "loss", ResultMetrics.TestLoss, higherIsBetter: true)));
    }

    [Fact]
    public void Build_TransposedSwapsRowsAndColumns()
    {
        var pivot = PivotTable.Build(StudyB(), "loss", "activation", ResultMetrics.TestAccuracy);

        Assert.Equal(["euclidean", "cross_entropy", "hinge"], pivot.Rows);
        Assert.Equal(0.961, pivot.Cell("euclidean", "sigmoid")!.Mean!.Value, 12);
    }

    [Fact]
    public void Build_Where_KeepsOnlyTheRunsOfOneValueOfAThirdAxis()
    {
        var depth = new ResultAxis("depth", "model.hidden", ["1", "2"]);
        var runs = new[]
        {
            Run(1, "relu", "hinge", RunStatus.Succeeded, 0.9, depth: "1"),
            Run(2, "relu", "hinge", RunStatus.Succeeded, 0.8, depth: "2"),
        };
        var results = new StudyResults(1, "s", [_activation, _loss, depth], runs, []);

        Assert.Equal(0.85, PivotTable.Build(results, "activation", "loss", ResultMetrics.TestAccuracy).Cell("relu", "hinge")!.Mean!.Value, 12);
        var one = PivotTable.Build(results, "activation", "loss", ResultMetrics.TestAccuracy, where: new Dictionary<string, string> { ["depth"] = "1" });
        Assert.Equal((0.9, 1), (one.Cell("relu", "hinge")!.Mean, one.Cell("relu", "hinge")!.N));
    }

    [Fact]
    public void Build_UnknownOrRepeatedAxis_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => PivotTable.Build(StudyB(), "depth", "loss", ResultMetrics.TestAccuracy));
        Assert.Throws<ArgumentException>(() => PivotTable.Build(StudyB(), "loss", "loss", ResultMetrics.TestAccuracy));
        Assert.Null(PivotTable.Build(StudyB(), "activation", "loss", ResultMetrics.TestAccuracy).Cell("tanh", "hinge"));
    }

    [Fact]
    public async Task Build_FromTheDatabaseStudy_DivergedCellIsEmptyWithItsFailure()
    {
        using var db = await ResultsDatabase.CreateAsync();
        var results = (await ResultsLoader.LoadAsync(db, db.StudyId))!;

        var pivot = PivotTable.Build(results, "bn", "dropout", ResultMetrics.TestAccuracy);

        Assert.Equal([0.90, 0.92, null, 0.88], Cells(pivot).Select(c => c.Mean));
        Assert.Equal((0, 1), (pivot.Cell("off", "0")!.N, pivot.Cell("off", "0")!.Failures));
        Assert.Equal(("on", "0.3"), Best(pivot));
    }

    private static IEnumerable<PivotCell> Cells(PivotTable pivot) =>
        Enumerable.Range(0, pivot.Rows.Count).SelectMany(r => Enumerable.Range(0, pivot.Columns.Count).Select(c => pivot[r, c]));

    private static (string, string) Best(PivotTable pivot) => (pivot.BestCell!.RowValue, pivot.BestCell.ColumnValue);
}
