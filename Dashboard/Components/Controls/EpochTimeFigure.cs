using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using static Ablation.Dashboard.Components.Controls.PlotFigureData;

namespace Ablation.Dashboard.Components.Controls;

/// <summary>The bar chart of <see cref="EpochTimeComparison"/>: one bar trace per axis value, bars labelled by run.</summary>
public static class EpochTimeFigure
{
    public static PlotFigureData For(IReadOnlyList<EpochTimeGroup> groups, string axis)
    {
        var traces = groups.Select((g, i) =>
        {
            var mean = g.Mean is { } m ? $"mean {m.ToString("0.###", CultureInfo.InvariantCulture)} s" : "no finished run";
            return new JsonObject
            {
                ["key"] = $"epoch-time/{g.Value}",
                ["name"] = $"{axis}={g.Value} ({mean})",
                ["type"] = "bar",
                ["x"] = Texts(g.Runs.Select(r => $"#{r.RunId} {r.Label}")),
                ["y"] = Numbers(g.Runs.Select(r => r.Seconds)),
                // A run that did not finish is marked on its bar: its time is over the epochs it recorded.
                ["text"] = Texts(g.Runs.Select(r => r.Status == RunStatus.Succeeded ? "" : r.Status.ToString().ToLowerInvariant())),
                ["textposition"] = "outside",
                ["marker"] = new JsonObject { ["color"] = ChartPalette.At(i) },
                ["hovertemplate"] = "%{x}<br>%{y:.3f} s per epoch<extra></extra>",
            };
        }).ToList();
        var layout = LayoutWith($"Mean time per epoch by {axis}", "run", "seconds per epoch");
        layout["xaxis"]!["type"] = "category";
        layout["barmode"] = "group";
        return new(traces, layout);
    }
}
