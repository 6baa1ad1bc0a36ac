using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Dashboard.Services.Studies.Presets;

/// <summary>One reported number beside what this study measured for the same cell and metric.</summary>
public sealed record ComparisonRow(
    string Cell, string Metric, double Reported, string? Note, double? Mean, double? StdDev, int Succeeded, int Diverged, int Pending)
{
    /// <summary>Measured minus reported, when there is a measurement.</summary>
    public double? Difference => Mean - Reported;
}

/// <summary>Sets a preset's reported numbers beside a study's results, cell by cell.</summary>
public static class ReportComparison
{
    /// <summary>
    /// A row per reported value. The runs of a cell are those whose cell has every axis value the
    /// report names; the mean and standard deviation are over the succeeded runs that recorded the
    /// metric, and diverged or failed runs are counted apart, never averaged in.
    /// </summary>
    /// <remarks>
    /// A study with fewer axes than the preset's full version (a quick version without the depth
    /// axis) holds the other axes at its baseline: a reported value for another level of such an
    /// axis is left out, one for the baseline's level is compared on the remaining axes.
    /// </remarks>
    public static IReadOnlyList<ComparisonRow> Compare(StudyPreset preset, StudyResults results)
    {
        var fullAxes = preset.Study["axes"] is System.Text.Json.Nodes.JsonArray axes
            ? axes.OfType<System.Text.Json.Nodes.JsonObject>().ToDictionary(a => a["name"]!.GetValue<string>(), a => a["path"]!.GetValue<string>())
            : [];
        var rows = new List<ComparisonRow>();
        foreach (var reported in preset.Reported)
        {
            var cell = new Dictionary<string, string>(reported.Cell);
            var applies = true;
            foreach (var (axis, value) in reported.Cell)
            {
                if (results.Axis(axis) is not null || !fullAxes.TryGetValue(axis, out var path))
                {
                    continue;
                }

                var held = results.BaseSpec is null ? null : GridExpander.Format(GridExpander.Read(results.BaseSpec, path));
                applies &= held == value;
                cell.Remove(axis);
            }

            if (applies)
            {
                rows.Add(Row(preset, reported, cell, results));
            }
        }

        return rows;
    }

    private static ComparisonRow Row(StudyPreset preset, ReportedValue reported, Dictionary<string, string> cell, StudyResults results)
    {
        var metric = reported.Metric ?? preset.ReportedMetric;
        var runs = results.Runs.Where(r => cell.All(kv => r.Cell.TryGetValue(kv.Key, out var v) && v == kv.Value)).ToList();
        var (mean, sd, n) = MetricSummary.Of(runs, results, metric);
        return new ComparisonRow(
            string.Join(", ", reported.Cell.Select(kv => kv.Key == ResultsLoader.VariantAxis ? kv.Value : $"{kv.Key}={kv.Value}")),
            metric, reported.Value, reported.Note, mean, sd, n,
            runs.Count(r => r.IsFailure),
            runs.Count(r => r.Status is RunStatus.Queued or RunStatus.Running));
    }
}
