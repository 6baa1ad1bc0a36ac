using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Analysis;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;
using static Ablation.Tests.Dashboard.Analysis.AnalysisStudies;

namespace Ablation.Tests.Dashboard.Analysis;

public sealed class InteractionsTests
{
    [Fact]
    public void FullGrid_OnePlotPerPair_LinesPerLevelOfTheSecondAxis()
    {
        var results = Grid(5);

        var plot = Assert.Single(Interactions.Compute(results, CellGrouping.Of(results), ResultMetrics.TestAccuracy));

        Assert.Equal(("bn", "dropout"), (plot.XAxis, plot.LineAxis));
        Assert.Equal(["on", "off"], plot.XLevels);
        Assert.Equal(["0", "0.3"], plot.Lines.Select(l => l.Level));
        var point = plot.Lines[1].Points[1].Value!; // bn=off, dropout=0.3
        Assert.Equal(0.8184, point.Mean, 12);
        Assert.Equal(5, point.Runs);
        // scipy.stats.t.interval(0.95, 4, loc=mean, scale=scipy.stats.sem(x)) of that cell's five values.
        var sem = SampleSummary.Of(GridValues[("off", "0.3")]).StdError!.Value;
        Assert.Equal(0.8184 - (2.7764451051977987 * sem), point.Ci!.Value.Low, 9);
    }

    [Fact]
    public void ThreeAxes_EachPointAveragesOverTheThird()
    {
        var lr = new ResultAxis("lr", "optimizer.lr", ["0.1", "0.01"]);
        var runs = new List<RunResult>();
        var id = 1;
        foreach (var bn in Bn.Values)
        {
            foreach (var d in Dropout.Values)
            {
                foreach (var l in lr.Values)
                {
                    var value = (bn == "on" ? 0.8 : 0.7) + (d == "0" ? 0.05 : 0) + (l == "0.1" ? 0.02 : 0);
                    runs.Add(Run(id++, new Dictionary<string, string> { ["bn"] = bn, ["dropout"] = d, ["lr"] = l }, RunStatus.Succeeded, value));
                }
            }
        }

        var results = new StudyResults(1, "3 axes", [Bn, Dropout, lr], runs, []) { Mode = GridMode.Full };
        var plots = Interactions.Compute(results, CellGrouping.Of(results), ResultMetrics.TestAccuracy);

        Assert.Equal([("bn", "dropout"), ("bn", "lr"), ("dropout", "lr")], plots.Select(p => (p.XAxis, p.LineAxis)));
        Assert.Equal(0.8 + 0.05 + 0.01, plots[0].Lines[0].Points[0].Value!.Mean, 12); // bn=on, dropout=0, mean over lr
        Assert.Null(plots[0].Lines[0].Points[0].Value!.Ci); // one run per cell: no spread, no interval
    }

    [Fact]
    public void OtherGridModes_HaveNoInteractionPlots()
    {
        var results = new StudyResults(1, "ofat", [Bn, Dropout], Grid(2).Runs, []) { Mode = GridMode.OneFactorAtATime };

        Assert.Empty(Interactions.Compute(results, CellGrouping.Of(results), ResultMetrics.TestAccuracy));
    }

    [Fact]
    public void ParallelCoordinates_OneLinePerCell_WithLevelIndicesAndTheCellMean()
    {
        var results = Grid(5);

        var parallel = ParallelCoordinates.Compute(results, CellGrouping.Of(results), ResultMetrics.TestAccuracy);

        Assert.Equal(["bn", "dropout"], parallel.Axes.Select(a => a.Name));
        Assert.Equal(4, parallel.Cells.Count);
        var last = parallel.Cells[3];
        Assert.Equal([1, 1], last.LevelIndices);
        Assert.Equal(0.8184, last.Mean, 12);
        Assert.Equal(5, last.Runs);
    }
}
