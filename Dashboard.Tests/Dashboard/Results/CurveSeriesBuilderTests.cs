using Ablation.Dashboard.Components.Controls;
using Ablation.Dashboard.Components.Results;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Analysis;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Tests.Dashboard.Results;

public sealed class CurveSeriesBuilderTests
{
    private static readonly ResultAxis _bn = new("bn", "model.batch_norm", ["on", "off"]);
    private static readonly ResultAxis _lr = new("lr", "optimizer.lr", [.. Enumerable.Range(1, 10).Select(i => $"0.{i}")]);

    /// <summary>bn × lr = 20 cells, <paramref name="repeats"/> runs each, 10 epochs of val/accuracy; one run diverged at epoch 3.</summary>
    private static StudyResults Study(int repeats)
    {
        var runs = new List<RunResult>();
        var points = new List<RunPoint>();
        var id = 1;
        foreach (var bn in _bn.Values)
        {
            foreach (var lr in _lr.Values)
            {
                for (var r = 0; r < repeats; r++, id++)
                {
                    var diverged = id == 2;
                    runs.Add(new RunResult
                    {
                        Id = id, Label = $"bn={bn}, lr={lr}", Cell = new Dictionary<string, string> { ["bn"] = bn, ["lr"] = lr },
                        Status = diverged ? RunStatus.Diverged : RunStatus.Succeeded, Seed = r + 1,
                    });
                    points.AddRange(Enumerable.Range(1, diverged ? 3 : 10).Select(e => new RunPoint(id, e, e, "val", "accuracy", 0.5 + (0.01 * e) + (0.001 * r), e)));
                }
            }
        }

        return new StudyResults(1, "s", [_bn, _lr], runs, points) { Mode = GridMode.Full };
    }

    [Fact]
    public void Aggregated_OneMeanPerCell_BandsMergedByColour_FarFewerTracesThanRuns()
    {
        var results = Study(repeats: 5);
        var options = new CurveOptions("val/accuracy", Aggregate: true, BandMode.StdDev, ShowRuns: false, Smoothing.None);

        var series = CurveSeriesBuilder.Build(results, options, _bn, null, null);
        var traces = ChartPayload.Traces(series);

        var bands = traces.Where(t => t.Fill == "toself").ToList();
        Assert.Equal(2, bands.Count); // 20 cells past the legend limit: one band trace per colour value
        Assert.All(bands, b => Assert.Equal("skip", b.HoverInfo));
        // The 20 cells' means bundled into one trace per colour value, each point still naming its cell.
        var means = traces.Where(t => t.Key.StartsWith("bundle/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["bundle/bn=on", "bundle/bn=off"], means.Select(t => t.Key));
        Assert.Equal(4, traces.Count); // not 100 run lines, nor 20 cell lines
        Assert.Contains("bn=on, lr=0.1 (n=4, 1 diverged)", means[0].CustomData!);
        Assert.Equal(10, means[0].X.Count(x => x is null) + 1);
        // Each band is the upper edge then the lower edge backwards, cells separated by gaps.
        Assert.Equal(10, bands[0].Y.Count(y => y is null) + 1);
    }

    [Fact]
    public void Aggregated_WithRuns_AddsTheRunsFadedAndOutOfTheLegend()
    {
        var results = Study(repeats: 2);
        var options = new CurveOptions("val/accuracy", Aggregate: true, BandMode.MinMax, ShowRuns: true, Smoothing.None);

        var runs = CurveSeriesBuilder.Build(results, options, _bn, null, null).Where(s => s.Key.StartsWith("run-", StringComparison.Ordinal)).ToList();

        Assert.Equal(40, runs.Count);
        Assert.All(runs, r => Assert.False(r.ShowInLegend));
        Assert.All(runs, r => Assert.Equal(0.35, r.Opacity));
        Assert.Equal("diverged", runs.Single(r => r.Key == "run-2").EndLabel);
    }

    [Fact]
    public void NotAggregated_OneLinePerRun_AsBefore()
    {
        var results = Study(repeats: 1);

        var series = CurveSeriesBuilder.Build(results, CurveOptions.Runs("val/accuracy"), _bn, "bn", "off");

        Assert.Equal(10, series.Count);
        Assert.All(series, s => Assert.StartsWith("run-", s.Key));
        Assert.All(series, s => Assert.Null(s.Fill));
    }

    [Fact]
    public void Smoothing_ReachesTheDrawnPoints()
    {
        var results = Study(repeats: 1);
        var options = CurveOptions.Runs("val/accuracy") with { Smoothing = Smoothing.Ema(0.5) };

        var run = CurveSeriesBuilder.Build(results, options, _bn, null, null).Single(s => s.Key == "run-1");

        Assert.Equal(0.51, run.Y[0], 12);
        Assert.Equal(((0.25 * 0.51) + (0.5 * 0.52)) / 0.75, run.Y[1], 12);
    }
}
