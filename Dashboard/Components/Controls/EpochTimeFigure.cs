using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using static Ablation.Dashboard.Components.Controls.PlotFigureData;

namespace Ablation.Dashboard.Components.Controls;

/// <summary>
/// The chart of <see cref="EpochTimeComparison"/>: one box per axis value over its finished runs,
/// every run a point on it (hover names the run), and the runs that did not finish as crosses
/// labelled with their status beside it. One category per axis value, not per run, so a study of
/// hundreds of runs draws as fast as one of four.
/// </summary>
public static class EpochTimeFigure
{
    private const string Hover = "%{text}<br>%{y:.3f} s per epoch<extra></extra>";

    public static PlotFigureData For(IReadOnlyList<EpochTimeGroup> groups, string axis)
    {
        var traces = new List<JsonObject>();
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var category = $"{axis}={g.Value}";
            var color = ChartPalette.At(i);
            var finished = g.Runs.Where(r => r.Status == RunStatus.Succeeded && !r.FromEpochs).ToList();
            var unfinished = g.Runs.Except(finished).ToList();
            if (finished.Count > 0)
            {
                var mean = g.Mean!.Value.ToString("0.###", CultureInfo.InvariantCulture);
                traces.Add(new JsonObject
                {
                    ["key"] = $"epoch-time/{g.Value}",
                    ["name"] = $"{category} (mean {mean} s, n={finished.Count})",
                    ["type"] = "box",
                    ["x"] = Texts(finished.Select(_ => category)),
                    ["y"] = Numbers(finished.Select(r => r.Seconds)),
                    ["text"] = Texts(finished.Select(r => $"#{r.RunId} {r.Label}")),
                    ["boxpoints"] = "all",
                    ["boxmean"] = true,
                    ["jitter"] = 0.4,
                    ["pointpos"] = 0,
                    ["marker"] = new JsonObject { ["color"] = color, ["size"] = 5 },
                    ["line"] = new JsonObject { ["color"] = color },
                    ["hovertemplate"] = Hover,
                });
            }

            if (unfinished.Count > 0)
            {
                // A run that did not finish: its time is over the epochs it recorded, and it stays out of the mean.
                traces.Add(new JsonObject
                {
                    ["key"] = $"epoch-time/{g.Value}/unfinished",
                    ["name"] = $"{category}: {unfinished.Count} not finished",
                    ["type"] = "scatter",
                    ["mode"] = "markers",
                    ["x"] = Texts(unfinished.Select(_ => category)),
                    ["y"] = Numbers(unfinished.Select(r => r.Seconds)),
                    ["text"] = Texts(unfinished.Select(r => $"#{r.RunId} {r.Label} ({r.Status.ToString().ToLowerInvariant()})")),
                    ["marker"] = new JsonObject { ["color"] = color, ["symbol"] = "x", ["size"] = 9 },
                    ["hovertemplate"] = Hover,
                });
            }
        }

        var layout = LayoutWith($"Time per epoch by {axis}", axis, "seconds per epoch");
        layout["xaxis"]!["type"] = "category";
        return new(traces, layout);
    }
}
