using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Dashboard.Services.Analysis;

/// <summary>One point of an interaction line: the metric at one level of the x axis, averaged over the other axes, with its 95% interval.</summary>
public sealed record InteractionPoint(string X, MarginalMean? Value);

/// <summary>The line of one level of the second axis.</summary>
public sealed record InteractionLine(string Level, IReadOnlyList<InteractionPoint> Points);

/// <summary>
/// The interaction plot of two axes: the metric's mean at each level of <see cref="XAxis"/>, one line
/// per level of <see cref="LineAxis"/>, each point averaged over the remaining axes. Parallel lines
/// mean the two act independently; crossing or diverging lines mean the effect of one depends on the other.
/// </summary>
public sealed record InteractionPlot(string XAxis, string LineAxis, IReadOnlyList<string> XLevels, IReadOnlyList<InteractionLine> Lines);

/// <summary>Interaction plots for every pair of axes of a full grid (other grids have no crossed pairs).</summary>
public static class Interactions
{
    public static IReadOnlyList<InteractionPlot> Compute(StudyResults results, IReadOnlyList<CellGroup> cells, string metric)
    {
        if (results.Mode != GridMode.Full)
        {
            return [];
        }

        var samples = CellSample.Of(results, cells, metric);
        var axes = results.Axes.Select(a => (Name: a.Name, Levels: EffectsAnalysis.Levels(a, cells))).Where(a => a.Levels.Count >= 2).ToList();
        var plots = new List<InteractionPlot>();
        for (var i = 0; i < axes.Count; i++)
        {
            for (var j = i + 1; j < axes.Count; j++)
            {
                var (x, line) = (axes[i], axes[j]);
                var lines = line.Levels.Select(l => new InteractionLine(l,
                    [.. x.Levels.Select(level => new InteractionPoint(level,
                        MarginalMean.Of(samples.Where(s => s.Cell[x.Name] == level && s.Cell[line.Name] == l))))])).ToList();
                plots.Add(new InteractionPlot(x.Name, line.Name, x.Levels, lines));
            }
        }

        return plots;
    }
}

/// <summary>One cell as a line of the parallel-coordinates plot: its level index on every axis and its mean of the metric.</summary>
public sealed record ParallelCell(string Label, IReadOnlyList<int> LevelIndices, double Mean, int Runs);

/// <summary>
/// Every cell with a value as one line across one dimension per axis (its levels as ticks) and a
/// last dimension for the metric's cell mean.
/// </summary>
public sealed record ParallelCoordinates(string Metric, IReadOnlyList<ResultAxis> Axes, IReadOnlyList<ParallelCell> Cells)
{
    public static ParallelCoordinates Compute(StudyResults results, IReadOnlyList<CellGroup> cells, string metric)
    {
        var axes = results.Axes.Select(a => a with { Values = EffectsAnalysis.Levels(a, cells) }).Where(a => a.Values.Count > 0).ToList();
        var lines = CellSample.Of(results, cells, metric)
            .Where(s => s.Summary is not null)
            .Select(s => new ParallelCell(s.Cell.Label, [.. axes.Select(a => s.Cell[a.Name] is { } v ? IndexOf(a.Values, v) : -1)], s.Summary!.Value.Mean, s.Values.Length))
            .ToList();
        return new ParallelCoordinates(metric, axes, lines);
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
