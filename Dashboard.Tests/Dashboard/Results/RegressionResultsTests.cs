using Ablation.Contracts.Events;
using Ablation.Dashboard.Components.Controls;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Runs;

namespace Ablation.Tests.Dashboard.Results;

/// <summary>Study C's Boston grid as results: MSE/MAE/R² columns, a diverged lr-0.1 cell counted apart, epoch times by axis.</summary>
public sealed class RegressionResultsTests
{
    private static readonly ResultAxis _depth = new("depth", "model.hidden_sizes", ["1", "2"]);
    private static readonly ResultAxis _lr = new("lr", "optimizer.lr", ["0.01", "0.1"]);

    private static RunResult Run(int id, string depth, string lr, RunStatus status, double? mse = null, double? r2 = null, double? seconds = null) => new()
    {
        Id = id,
        Label = $"depth={depth}, lr={lr}",
        Cell = new Dictionary<string, string> { ["depth"] = depth, ["lr"] = lr },
        Status = status,
        FinalMetrics = status == RunStatus.Succeeded
            ? new Dictionary<string, double?>
            {
                ["test_loss"] = mse / 80, ["test_mse"] = mse, ["test_mae"] = mse / 4, ["test_r2"] = r2, ["mean_epoch_seconds"] = seconds,
                ["test_mse_at_best_val"] = mse, ["test_r2_at_best_val"] = r2,
            }
            : null,
    };

    private static StudyResults StudyC()
    {
        var runs = new List<RunResult>
        {
            Run(1, "1", "0.01", RunStatus.Succeeded, 11.1, 0.847, 0.20),
            Run(2, "2", "0.01", RunStatus.Succeeded, 8.01, 0.890, 0.30),
            Run(3, "1", "0.1", RunStatus.Diverged),
            Run(4, "2", "0.1", RunStatus.Diverged),
            Run(5, "2", "0.01", RunStatus.Succeeded, 9.0, 0.88, 0.34),
        };
        // The diverged runs recorded epochs before their loss became NaN (including their epoch times).
        var points = new List<RunPoint>
        {
            new(3, 10, 1, "test", "mse", 80, 1), new(3, 10, 1, "train", "epoch_seconds", 0.5, 1),
            new(4, 10, 1, "test", "mse", 90, 1), new(4, 10, 1, "train", "epoch_seconds", 0.7, 1),
        };
        return new StudyResults(3, "study C", [_depth, _lr], runs, points);
    }

    [Fact]
    public void Table_OfARegressionStudy_ShowsMseMaeR2_NotAccuracy()
    {
        var table = ResultsTable.Build(StudyC());

        Assert.True(table.IsRegression);
        var keys = table.Columns.Select(c => c.Key).ToList();
        Assert.Contains("test_mse", keys);
        Assert.Contains("test_mae", keys);
        Assert.Contains("test_r2", keys);
        Assert.Contains("test_r2_at_best_val", keys);
        Assert.DoesNotContain(keys, k => k.Contains("accuracy"));
        // Best by lowest test MSE among succeeded runs; a diverged run never wins.
        Assert.Equal(ResultsRegression.TestMse, table.Best.Metric);
        Assert.False(table.Best.HigherIsBetter);
        Assert.Equal(2, table.BestRow!.RunId);
        // A diverged run shows its last recorded epoch's score, and its status.
        var diverged = table.Rows.Single(r => r.RunId == 3);
        Assert.Equal((RunStatus.Diverged, 80.0), (diverged.Status, diverged.Metric("test_mse")));
        Assert.True(diverged.IsFailure);
        Assert.Equal(11.1, table.Column("test_mse")!.ValueOf(table.Rows[0]));
    }

    [Fact]
    public void Table_OfAClassifier_KeepsItsAccuracyColumns()
    {
        var runs = new List<RunResult> { new() { Id = 1, Label = "a", Cell = new Dictionary<string, string>(), Status = RunStatus.Succeeded, FinalMetrics = new Dictionary<string, double?> { ["test_accuracy"] = 0.9 } } };

        var table = ResultsTable.Build(new StudyResults(1, "s", [], runs, []));

        Assert.False(table.IsRegression);
        Assert.Contains(table.Columns, c => c.Key == "test_accuracy");
        Assert.DoesNotContain(table.Columns, c => c.Key == "test_mse");
    }

    [Fact]
    public void Pivot_CountsDivergedRunsApart_AndNeverAveragesThemIn()
    {
        var pivot = PivotTable.Build(StudyC(), "depth", "lr", ResultsRegression.TestMse);

        var stable = pivot.Cell("2", "0.01")!;
        var diverged = pivot.Cell("1", "0.1")!;
        Assert.Equal((8.01 + 9.0) / 2, stable.Mean!.Value, 10);
        Assert.Equal(2, stable.N);
        Assert.Null(diverged.Mean);
        Assert.Equal((0, 1, 1, 1), (diverged.N, diverged.Failures, diverged.Diverged, diverged.Runs));
        // Lowest MSE is best.
        Assert.Equal(("2", "0.01"), (pivot.BestCell!.RowValue, pivot.BestCell.ColumnValue));
        Assert.True(ResultMetrics.HigherIsBetter("test_r2"));
        Assert.False(ResultMetrics.HigherIsBetter("test_mae"));
    }

    [Fact]
    public void EpochTime_GroupsRunsByTheChosenAxis_MeansOverFinishedRunsOnly()
    {
        var byDepth = EpochTimeComparison.Build(StudyC(), "depth");
        var byLr = EpochTimeComparison.Build(StudyC(), "lr");

        Assert.Equal(["1", "2"], byDepth.Select(g => g.Value));
        Assert.Equal([2, 4, 5], byDepth[1].Runs.Select(r => r.RunId));
        Assert.Equal((0.30 + 0.34) / 2, byDepth[1].Mean!.Value, 10);
        var divergedBar = byLr[1].Runs.Single(r => r.RunId == 4);
        Assert.True(divergedBar.FromEpochs);
        Assert.Equal(0.7, divergedBar.Seconds);
        Assert.Null(byLr[1].Mean);
        Assert.Throws<ArgumentException>(() => EpochTimeComparison.Build(StudyC(), "activation"));

        // One box per axis value over its finished runs; the runs that did not finish are crosses beside it, named with their status.
        var figure = EpochTimeFigure.For(byLr, "lr");
        Assert.Equal(["box", "scatter"], figure.Traces.Select(t => (string?)t["type"]));
        Assert.Contains("mean 0.2", (string?)figure.Traces[0]["name"]);
        Assert.All(figure.Traces[0]["x"]!.AsArray(), x => Assert.Equal("lr=0.01", (string?)x));
        Assert.Equal("x", (string?)figure.Traces[1]["marker"]!["symbol"]);
        Assert.All(figure.Traces[1]["text"]!.AsArray(), t => Assert.EndsWith("(diverged)", (string?)t));
        Assert.Equal(2, figure.Traces[1]["y"]!.AsArray().Count);
    }

    [Fact]
    public void Chart_DivergedSeries_EndsWithALabelledCross()
    {
        var series = new ChartSeries("run-3", "#3", [1, 2, 3], [0.5, 0.4, double.NaN]) { EndLabel = "diverged", Color = "#d62728" };

        var traces = ChartPayload.Traces([series, new ChartSeries("run-4", "#4", [1], [0.3])]);

        Assert.Equal(["run-3", "run-3/end", "run-4"], traces.Select(t => t.Key));
        var end = traces[1];
        Assert.Equal([2.0], end.X);
        Assert.Equal([0.4], end.Y);
        Assert.Equal(["diverged"], end.Text!);
        Assert.Equal("x", end.Marker!.Symbol);
        Assert.False(end.ShowLegend);
    }

    [Fact]
    public void RegressionEpochEvent_BecomesMseMaeR2Points()
    {
        var e = RunEventJson.Read("""
            {"event":"epoch","time":1.5,"epochs":3,"metrics":{"epoch":2,"train_loss":0.2,"val_loss":0.3,"test_loss":0.25,
             "train_mse":12.5,"train_mae":2.5,"train_r2":0.85,"val_mse":14,"val_mae":2.8,"val_r2":"NaN","test_mse":13,"test_mae":2.7,"test_r2":0.83,"lr":0.01}}
            """).Event!;

        var points = EventPoints.Of(e, lastStep: 40).ToDictionary(p => $"{p.Split}/{p.Name}", p => p.Value);
        Assert.Equal(12.5, points["train/mse"]);
        Assert.Equal(2.8, points["val/mae"]);
        Assert.Equal(0.83, points["test/r2"]);
        Assert.False(points.ContainsKey("val/r2")); // NaN is not stored
        Assert.False(points.ContainsKey("test/accuracy"));
    }
}
