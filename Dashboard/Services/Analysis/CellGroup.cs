using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Dashboard.Services.Analysis;

/// <summary>
/// The runs of one cell (one combination of axis values, its repeats differing only in seed).
/// Only <see cref="Succeeded"/> runs enter a mean; diverged and failed runs are counted, never averaged in.
/// </summary>
public sealed record CellGroup(string Label, IReadOnlyDictionary<string, string> Values, IReadOnlyList<RunResult> Runs)
{
    public IReadOnlyList<RunResult> Succeeded { get; } = [.. Runs.Where(r => r.Status == RunStatus.Succeeded)];

    public int Diverged => Runs.Count(r => r.Status == RunStatus.Diverged);

    public int Failed => Runs.Count(r => r.Status == RunStatus.Failed);

    /// <summary>The succeeded runs' finite values of a final metric (<see cref="ResultMetrics"/>), in run order.</summary>
    public double[] MetricValues(StudyResults results, string metric) =>
        [.. Succeeded.Select(r => ResultRow.From(r, results).Metric(metric)).OfType<double>().Where(double.IsFinite)];

    /// <summary>The cell's value of an axis, or null.</summary>
    public string? this[string axis] => Values.GetValueOrDefault(axis);
}

/// <summary>Groups a study's runs by cell: by their values of every axis, in the order the grid lists them.</summary>
public static class CellGrouping
{
    public static IReadOnlyList<CellGroup> Of(StudyResults results)
    {
        var axes = results.Axes.Select(a => a.Name).ToList();
        var groups = new Dictionary<string, List<RunResult>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var run in results.Runs)
        {
            var key = string.Join('\u001f', axes.Select(a => run.Cell.GetValueOrDefault(a) ?? "\u0000"));
            if (!groups.TryGetValue(key, out var runs))
            {
                runs = [];
                groups[key] = runs;
                order.Add(key);
            }

            runs.Add(run);
        }

        // Cells in the order of their first run, which is the order the grid was expanded in.
        return [.. order.Select(key =>
        {
            var runs = groups[key];
            var values = axes.Where(runs[0].Cell.ContainsKey).ToDictionary(a => a, a => runs[0].Cell[a]);
            return new CellGroup(runs[0].Label, values, runs);
        })];
    }
}
