using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Analysis;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;
using static Ablation.Tests.Dashboard.Analysis.AnalysisStudies;

namespace Ablation.Tests.Dashboard.Analysis;

public sealed class CurveAggregatorTests
{
    private static readonly SeriesKey _valAccuracy = new("val", "accuracy");

    private static IEnumerable<RunPoint> Curve(int runId, params double[] values) =>
        values.Select((v, i) => new RunPoint(runId, (i + 1) * 100, i + 1, "val", "accuracy", v, i));

    /// <summary>One cell: two finished runs, one still running (two epochs so far), one diverged at epoch 2, one failed.</summary>
    private static StudyResults OneCell()
    {
        var cell = new Dictionary<string, string> { ["bn"] = "on" };
        var runs = new List<RunResult>
        {
            Run(1, cell, RunStatus.Succeeded, 0.9),
            Run(2, cell, RunStatus.Succeeded, 0.8),
            Run(3, cell, RunStatus.Running, null) with { FinalMetrics = null },
            Run(4, cell, RunStatus.Diverged, null),
            Run(5, cell, RunStatus.Failed, null),
        };
        var points = Curve(1, 0.5, 0.7, 0.9).Concat(Curve(2, 0.4, 0.6, 0.8)).Concat(Curve(3, 0.3, 0.8)).Concat(Curve(4, 0.99, 0.1)).Concat(Curve(5, 0.98));
        return new StudyResults(1, "one cell", [new ResultAxis("bn", "model.batch_norm", ["on"])], runs, points) { Mode = GridMode.Full };
    }

    [Fact]
    public void Aggregate_AtEachX_OverTheRunsThatHaveIt_DivergedAndFailedLeftOut()
    {
        var results = OneCell();

        var curve = Assert.Single(CurveAggregator.Aggregate(results, CellGrouping.Of(results), _valAccuracy, Smoothing.None));

        Assert.Equal([1.0, 2, 3], curve.X);
        Assert.Equal([3, 3, 2], curve.N);
        Assert.Equal(0.4, curve.Mean[0], 12);
        Assert.Equal(0.7, curve.Mean[1], 12);
        Assert.Equal(0.85, curve.Mean[2], 12);
        // Sample standard deviation of (0.5, 0.4, 0.3) is 0.1; of (0.9, 0.8) it is √0.005.
        Assert.Equal(0.1, curve.StdDev[0], 12);
        Assert.Equal(0.1 / Math.Sqrt(3), curve.StdError[0], 12);
        Assert.Equal(Math.Sqrt(0.005), curve.StdDev[2], 12);
        Assert.Equal((0.6, 0.8), (curve.Min[1], curve.Max[1]));
        Assert.Equal((1, 1), (curve.Cell.Diverged, curve.Cell.Failed));
        Assert.Equal(3, curve.Runs);
    }

    [Theory]
    [InlineData(BandMode.StdDev, 0.3, 0.5)]
    [InlineData(BandMode.MinMax, 0.3, 0.5)]
    public void Band_FollowsTheMode(BandMode mode, double low, double high)
    {
        var results = OneCell();
        var curve = CurveAggregator.Aggregate(results, CellGrouping.Of(results), _valAccuracy, Smoothing.None)[0];

        var (lower, upper) = curve.Band(mode);

        Assert.Equal(low, lower[0], 12);
        Assert.Equal(high, upper[0], 12);
        var (semLow, semHigh) = curve.Band(BandMode.StdError);
        Assert.Equal(0.4 - (0.1 / Math.Sqrt(3)), semLow[0], 12);
        Assert.Equal(0.4 + (0.1 / Math.Sqrt(3)), semHigh[0], 12);
    }

    [Fact]
    public void Smoothing_AppliesToEachRunBeforeTheMean()
    {
        var results = OneCell();

        var curve = CurveAggregator.Aggregate(results, CellGrouping.Of(results), _valAccuracy, Smoothing.Ema(0.5))[0];

        // Debiased EMA with weight 0.5 at t = 2 is (0.5·x1 + x2) / 1.5 for each run, then the mean.
        double Ema2(double x1, double x2) => ((0.25 * x1) + (0.5 * x2)) / 0.75;
        Assert.Equal((Ema2(0.5, 0.7) + Ema2(0.4, 0.6) + Ema2(0.3, 0.8)) / 3, curve.Mean[1], 12);
        Assert.Equal(0.4, curve.Mean[0], 12); // the first point is the value itself
    }

    [Fact]
    public void ForDisplay_ThinsMeanAndBandTogether_KeepingTheirSpikes()
    {
        var cell = new Dictionary<string, string> { ["bn"] = "on" };
        var runs = new[] { Run(1, cell, RunStatus.Succeeded, 0.9), Run(2, cell, RunStatus.Succeeded, 0.9) };
        var steps = Enumerable.Range(1, 20_000).ToList();
        var points = steps.Select(s => new RunPoint(1, s, 1, "batch", "loss", s == 5_000 ? 9 : 1, s))
            .Concat(steps.Select(s => new RunPoint(2, s, 1, "batch", "loss", 1, s)));
        var results = new StudyResults(1, "batch", [new ResultAxis("bn", "model.batch_norm", ["on"])], runs, points);

        var curve = CurveAggregator.Aggregate(results, CellGrouping.Of(results), new SeriesKey("batch", "loss"), Smoothing.None)[0];
        var display = curve.ForDisplay(BandMode.MinMax);

        Assert.InRange(display.X.Length, 100, 1000);
        var spike = Array.IndexOf(display.X, 5_000.0);
        Assert.True(spike >= 0, "the spike's step is kept");
        Assert.Equal((5.0, 9.0, 1.0), (display.Y[spike], display.Upper[spike], display.Lower[spike]));
    }

    [Fact]
    public void Grouping_PutsRepeatsOfACellTogether_InGridOrder()
    {
        var cells = CellGrouping.Of(Grid(3));

        Assert.Equal(["bn=on, dropout=0", "bn=on, dropout=0.3", "bn=off, dropout=0", "bn=off, dropout=0.3"], cells.Select(c => c.Label));
        Assert.Equal([3, 3, 3, 4], cells.Select(c => c.Runs.Count));
        Assert.Equal([3, 3, 3, 3], cells.Select(c => c.Succeeded.Count));
        Assert.Equal(1, cells[3].Diverged);
    }
}
