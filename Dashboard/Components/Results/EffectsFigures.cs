using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Components.Controls;
using Ablation.Dashboard.Services.Analysis;
using static Ablation.Dashboard.Components.Controls.PlotFigureData;

namespace Ablation.Dashboard.Components.Results;

/// <summary>The effects panel's plotly figures: the forest plot of differences, the interaction plots and the parallel coordinates.</summary>
public static class EffectsFigures
{
    private const string Helps = "#2ca02c";
    private const string Hurts = "#d62728";
    private const string Noise = "#7f7f7f";

    /// <summary>Every level's difference from its axis's baseline as a point with its 95% interval, one row per level, a line at zero.</summary>
    public static PlotFigureData Forest(StudyEffects effects)
    {
        var (scale, unit) = VerdictWriter.Units(effects.Metric);
        var rows = effects.Axes
            .SelectMany(a => a.Levels.Where(l => l.Comparison is not null).Select(l => (Axis: a, Level: l, Comparison: l.Comparison!)))
            .ToList();
        var traces = new List<JsonObject>();
        foreach (var kind in new[] { VerdictKind.Hurts, VerdictKind.Helps, VerdictKind.Noise })
        {
            var these = rows.Where(r => r.Level.Verdict?.Kind == kind).ToList();
            if (these.Count == 0)
            {
                continue;
            }

            var (text, color) = kind switch
            {
                VerdictKind.Hurts => ("hurts", Hurts),
                VerdictKind.Helps => ("helps", Helps),
                _ => ("not distinguishable from noise", Noise),
            };
            traces.Add(new JsonObject
            {
                ["key"] = $"forest/{kind}",
                ["name"] = text,
                ["type"] = "scatter",
                ["mode"] = "markers",
                ["orientation"] = "h",
                ["y"] = Texts(these.Select(r => Row(r.Axis.Axis, r.Level.Level, r.Axis.Baseline))),
                ["x"] = Numbers(these.Select(r => r.Comparison.Difference * scale)),
                ["error_x"] = new JsonObject
                {
                    ["type"] = "data",
                    ["symmetric"] = false,
                    // No interval (Welch undefined): no bar, rather than a bar of zero width that would look certain.
                    ["array"] = Numbers(these.Select(r => r.Comparison.Ci is { } ci ? (ci.High - r.Comparison.Difference) * scale : double.NaN)),
                    ["arrayminus"] = Numbers(these.Select(r => r.Comparison.Ci is { } ci ? (r.Comparison.Difference - ci.Low) * scale : double.NaN)),
                    ["color"] = color,
                },
                ["marker"] = new JsonObject { ["color"] = color, ["size"] = 9 },
                ["text"] = Texts(these.Select(r => r.Level.Verdict!.Text)),
                ["hovertemplate"] = "%{text}<extra></extra>",
            });
        }

        var layout = LayoutWith($"Difference from the baseline, {VerdictWriter.Readable(effects.Metric)}", $"difference{unit} (95% CI)", null);
        layout["yaxis"]!["type"] = "category";
        layout["yaxis"]!["autorange"] = "reversed";
        layout["shapes"] = new JsonArray(new JsonObject
        {
            ["type"] = "line", ["xref"] = "x", ["yref"] = "paper", ["x0"] = 0, ["x1"] = 0, ["y0"] = 0, ["y1"] = 1,
            ["line"] = new JsonObject { ["color"] = "#444", ["dash"] = "dash", ["width"] = 1 },
        });
        return new PlotFigureData(traces, layout);
    }

    /// <summary>The forest plot's height: enough room per row.</summary>
    public static int ForestHeight(StudyEffects effects) => 120 + (28 * effects.Axes.Sum(a => a.Levels.Count(l => l.Comparison is not null)));

    /// <summary>One line per level of the plot's second axis over the levels of its first, each point with its 95% interval.</summary>
    public static PlotFigureData Interaction(InteractionPlot plot, string metric)
    {
        var traces = plot.Lines.Select((line, i) => new JsonObject
        {
            ["key"] = $"interaction/{plot.XAxis}/{plot.LineAxis}/{line.Level}",
            ["name"] = $"{plot.LineAxis}={line.Level}",
            ["type"] = "scatter",
            ["mode"] = "lines+markers",
            ["x"] = Texts(line.Points.Select(p => p.X)),
            ["y"] = Numbers(line.Points.Select(p => p.Value?.Mean ?? double.NaN)),
            ["error_y"] = new JsonObject
            {
                ["type"] = "data",
                ["symmetric"] = false,
                ["array"] = Numbers(line.Points.Select(p => p.Value is { Ci: { } ci } v ? ci.High - v.Mean : double.NaN)),
                ["arrayminus"] = Numbers(line.Points.Select(p => p.Value is { Ci: { } ci } v ? v.Mean - ci.Low : double.NaN)),
            },
            ["line"] = new JsonObject { ["color"] = ChartPalette.At(i) },
            ["marker"] = new JsonObject { ["color"] = ChartPalette.At(i), ["size"] = 8 },
            ["text"] = Texts(line.Points.Select(p => p.Value is { } v ? $"n = {v.Runs}" : "no runs")),
            ["hovertemplate"] = $"{plot.XAxis}=%{{x}}, {plot.LineAxis}={line.Level}<br>{metric}: %{{y:.4f}} (%{{text}})<extra></extra>",
        }).ToList();
        var layout = LayoutWith($"{plot.XAxis} × {plot.LineAxis}", plot.XAxis, VerdictWriter.Readable(metric));
        layout["xaxis"]!["type"] = "category";
        return new PlotFigureData(traces, layout);
    }

    /// <summary>A plotly parcoords trace: one dimension per axis (levels as ticks), the metric last, lines coloured by the metric.</summary>
    public static PlotFigureData Parallel(ParallelCoordinates data)
    {
        var dimensions = new JsonArray();
        foreach (var (axis, index) in data.Axes.Select((a, i) => (a, i)))
        {
            dimensions.Add(new JsonObject
            {
                ["label"] = axis.Name,
                ["values"] = Numbers(data.Cells.Select(c => (double)c.LevelIndices[index])),
                ["tickvals"] = Numbers(axis.Values.Select((_, i) => (double)i)),
                ["ticktext"] = Texts(axis.Values),
                ["range"] = new JsonArray(-0.25, axis.Values.Count - 0.75),
            });
        }

        var metric = data.Cells.Select(c => c.Mean).ToList();
        dimensions.Add(new JsonObject { ["label"] = VerdictWriter.Readable(data.Metric), ["values"] = Numbers(metric) });
        var trace = new JsonObject
        {
            ["key"] = "parallel",
            ["type"] = "parcoords",
            ["dimensions"] = dimensions,
            ["line"] = new JsonObject
            {
                ["color"] = Numbers(metric),
                ["colorscale"] = "Viridis",
                ["showscale"] = true,
                ["reversescale"] = !Ablation.Dashboard.Services.Results.ResultMetrics.HigherIsBetter(data.Metric),
            },
        };
        var layout = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = $"All cells: {VerdictWriter.Readable(data.Metric)} (cell means)", ["x"] = 0, ["xref"] = "paper", ["xanchor"] = "left" },
            ["margin"] = new JsonObject { ["l"] = 64, ["r"] = 64, ["t"] = 72, ["b"] = 32 },
            ["autosize"] = true,
        };
        return new PlotFigureData([trace], layout);
    }

    /// <summary>A value of the metric as the table shows it: accuracies in percent, the rest to four significant digits.</summary>
    public static string Value(double value, string metric) => VerdictWriter.IsAccuracy(metric)
        ? (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%"
        : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>An interval in the table's units.</summary>
    public static string Interval(Interval? ci, string metric) => ci is { } i ? $"[{Value(i.Low, metric)}, {Value(i.High, metric)}]" : "–";

    private static string Row(string axis, string level, string baseline) => $"{axis}={level} vs {baseline}";
}
