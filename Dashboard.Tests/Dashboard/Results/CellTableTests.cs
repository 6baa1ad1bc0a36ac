using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Tests.Dashboard.Results;

public sealed class CellTableTests
{
    private static readonly ResultAxis _bn = new("bn", "model.batch_norm", ["on", "off"]);

    private static RunResult Run(int id, string bn, RunStatus status, double? testAccuracy = null, double? bestVal = null, int seed = 1) => new()
    {
        Id = id,
        Label = $"bn={bn}",
        Cell = new Dictionary<string, string> { ["bn"] = bn },
        Seed = seed,
        Status = status,
        FinalMetrics = status == RunStatus.Succeeded
            ? new Dictionary<string, double?> { ["test_accuracy"] = testAccuracy, ["test_loss"] = 1 - testAccuracy, ["best_val_accuracy"] = bestVal }
            : null,
    };

    /// <summary>bn=on: three succeeded repeats, a diverged one whose last epoch flatters it (test accuracy 0.99). bn=off: two succeeded, one failed, one running.</summary>
    private static StudyResults Study()
    {
        var runs = new List<RunResult>
        {
            Run(1, "on", RunStatus.Succeeded, 0.81, 0.80, seed: 1),
            Run(2, "on", RunStatus.Succeeded, 0.86, 0.84, seed: 2),
            Run(3, "on", RunStatus.Diverged, seed: 3),
            Run(4, "on", RunStatus.Succeeded, 0.83, 0.85, seed: 4),
            Run(5, "off", RunStatus.Succeeded, 0.88, 0.87, seed: 1),
            Run(6, "off", RunStatus.Failed, seed: 2),
            Run(7, "off", RunStatus.Succeeded, 0.78, 0.79, seed: 3),
            Run(8, "off", RunStatus.Running, seed: 4),
        };
        var points = new[] { new RunPoint(3, 10, 1, "test", "accuracy", 0.99, 1.0), new RunPoint(8, 10, 1, "test", "accuracy", 0.97, 1.0) };
        return new StudyResults(1, "bn", [_bn], runs, points);
    }

    private static (double Mean, double Std) Reference(params double[] values)
    {
        // Written out independently of MetricSummary: the mean, and the sample (n − 1) standard deviation.
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / values.Length;
        double squares = 0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        return (mean, Math.Sqrt(squares / (values.Length - 1)));
    }

    [Fact]
    public void Build_OneRowPerCell_MeanStdAndN_OverSucceededRunsOnly_OthersCounted()
    {
        var table = CellTable.Build(ResultsTable.Build(Study()));

        Assert.Equal(["bn=on", "bn=off"], table.Cells.Select(c => c.Label));
        var on = table.Cells[0];
        var (mean, std) = Reference(0.81, 0.86, 0.83);
        Assert.Equal(mean, on.Summary(ResultMetrics.TestAccuracy).Mean!.Value, 12);
        Assert.Equal(std, on.Summary(ResultMetrics.TestAccuracy).StdDev!.Value, 12);
        Assert.Equal(3, on.Summary(ResultMetrics.TestAccuracy).N);
        Assert.Equal((3, 1, 0, 0), (on.Succeeded, on.Diverged, on.Failed, on.Pending));
        Assert.Equal([1, 2, 3, 4], on.Runs.Select(r => r.RunId));

        var (bestMean, bestStd) = Reference(0.80, 0.84, 0.85);
        Assert.Equal(bestMean, on.Summary(ResultMetrics.BestValAccuracy).Mean!.Value, 12);
        Assert.Equal(bestStd, on.Summary(ResultMetrics.BestValAccuracy).StdDev!.Value, 12);

        var off = table.Cells[1];
        (mean, std) = Reference(0.88, 0.78);
        Assert.Equal(mean, off.Summary(ResultMetrics.TestAccuracy).Mean!.Value, 12);
        Assert.Equal(std, off.Summary(ResultMetrics.TestAccuracy).StdDev!.Value, 12);
        Assert.Equal((2, 0, 1, 1), (off.Succeeded, off.Diverged, off.Failed, off.Pending));
        Assert.True(table.HasRepeats);
    }

    [Fact]
    public void Build_BestCellIsTheBestMean_NotTheCellOfTheBestRun()
    {
        var table = CellTable.Build(ResultsTable.Build(Study()));

        // bn=off holds the best single run (0.88) but the lower mean (0.83 against 0.8333…).
        Assert.Equal("bn=on", table.BestCell!.Label);
        Assert.Single(table.Cells, c => c.IsBest);

        var byLoss = CellTable.Build(ResultsTable.Build(Study()).WithBest(BestBy.For(ResultMetrics.TestLoss)));
        Assert.Equal("bn=on", byLoss.BestCell!.Label); // the lowest mean loss is the highest mean accuracy here
    }

    [Fact]
    public void Sort_ByMean_EitherWay_AndByAxisOrder()
    {
        var table = CellTable.Build(ResultsTable.Build(Study()));

        Assert.Equal(["bn=off", "bn=on"], table.Sort(ResultMetrics.TestAccuracy).Cells.Select(c => c.Label));
        Assert.Equal(["bn=on", "bn=off"], table.Sort(ResultMetrics.TestAccuracy, descending: true).Cells.Select(c => c.Label));
        Assert.Equal(["bn=off", "bn=on"], table.Sort("axis:bn", descending: true).Cells.Select(c => c.Label));
        Assert.Throws<ArgumentException>(() => table.Sort("seed"));
    }

    [Fact]
    public void CellWithNoSucceededRun_IsEmpty_NeverZero_AndCannotBeBest()
    {
        var runs = new List<RunResult> { Run(1, "on", RunStatus.Diverged), Run(2, "on", RunStatus.Failed), Run(3, "off", RunStatus.Succeeded, 0.5, 0.5) };
        var table = CellTable.Build(ResultsTable.Build(new StudyResults(1, "s", [_bn], runs, [new RunPoint(1, 5, 1, "test", "accuracy", 0.99, 1)])));

        var on = table.Cells.Single(c => c.Label == "bn=on");
        Assert.Equal(new MetricSummary(null, null, 0), on.Summary(ResultMetrics.TestAccuracy));
        Assert.Equal("bn=off", table.BestCell!.Label);
    }

    [Fact]
    public void CellRuns_AreInRepeatOrder_SoARetrySitsAtItsRepeatsPlace()
    {
        // Run 5 retried repeat 0 after repeat 1 (run 2) had finished.
        var runs = new List<RunResult> { Run(2, "on", RunStatus.Succeeded, 0.8) with { Repeat = 1 }, Run(5, "on", RunStatus.Succeeded, 0.9) with { Repeat = 0 } };

        var cell = CellTable.Build(ResultsTable.Build(new StudyResults(1, "s", [_bn], runs, []))).Cells.Single();

        Assert.Equal([5, 2], cell.Runs.Select(r => r.RunId));
    }

    [Fact]
    public void CellsCsv_OneLinePerCell_MeanStdAndNPerMetric_EmptyWhereNothingWasAveraged()
    {
        var table = CellTable.Build(ResultsTable.Build(Study()));

        var lines = CsvExport.CellsCsv(table).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        var header = lines[0].Split(',');
        Assert.Equal(["label", "bn", "runs", "succeeded", "failed", "diverged", "canceled", "pending"], header[..8]);
        Assert.Contains("test_accuracy_mean", header);
        Assert.Contains("best_val_accuracy_std", header);
        var on = lines[1].Split(',');
        string Field(string[] fields, string name) => fields[Array.IndexOf(header, name)];
        Assert.Equal(["bn=on", "on", "4", "3", "0", "1", "0", "0"], on[..8]);
        Assert.Equal(Reference(0.81, 0.86, 0.83).Mean, double.Parse(Field(on, "test_accuracy_mean"), System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("3", Field(on, "test_accuracy_n"));
        Assert.Equal("", Field(on, "test_accuracy_at_best_val_mean")); // no run reported it
        Assert.Equal("0", Field(on, "test_accuracy_at_best_val_n"));
    }
}
