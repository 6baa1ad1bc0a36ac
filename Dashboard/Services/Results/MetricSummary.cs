using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Results;

/// <summary>Mean, sample standard deviation and n of one metric over the succeeded runs of a group.</summary>
public readonly record struct MetricSummary(double? Mean, double? StdDev, int N)
{
    /// <summary>
    /// Only succeeded runs count (a diverged run's last good epoch would flatter its group), and
    /// only their finite values; the standard deviation needs two.
    /// </summary>
    public static MetricSummary Of(IEnumerable<RunResult> runs, StudyResults results, string metric) =>
        Of(runs.Where(r => r.Status == RunStatus.Succeeded).Select(r => ResultRow.From(r, results)), row => row.Metric(metric));

    /// <summary>The same over table rows, reading each succeeded row's value with <paramref name="value"/>.</summary>
    public static MetricSummary Of(IEnumerable<ResultRow> rows, Func<ResultRow, double?> value) =>
        Of(rows.Where(r => r.Status == RunStatus.Succeeded).Select(value).OfType<double>());

    /// <summary>The summary of plain values; values that are not finite are left out.</summary>
    public static MetricSummary Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        double? mean = finite.Count == 0 ? null : finite.Average();
        double? stdDev = finite.Count < 2 ? null : Math.Sqrt(finite.Sum(v => (v - mean!.Value) * (v - mean.Value)) / (finite.Count - 1));
        return new MetricSummary(mean, stdDev, finite.Count);
    }
}
