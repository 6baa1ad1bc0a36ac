using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Results;

/// <summary>Mean, sample standard deviation and n of one metric over the succeeded runs of a group.</summary>
public readonly record struct MetricSummary(double? Mean, double? StdDev, int N)
{
    /// <summary>
    /// Only succeeded runs count (a diverged run's last good epoch would flatter its group), and
    /// only their finite values; the standard deviation needs two.
    /// </summary>
    public static MetricSummary Of(IEnumerable<RunResult> runs, StudyResults results, string metric)
    {
        var values = runs
            .Where(r => r.Status == RunStatus.Succeeded)
            .Select(r => ResultRow.From(r, results).Metric(metric))
            .OfType<double>()
            .Where(double.IsFinite)
            .ToList();
        double? mean = values.Count == 0 ? null : values.Average();
        double? stdDev = values.Count < 2 ? null : Math.Sqrt(values.Sum(v => (v - mean!.Value) * (v - mean.Value)) / (values.Count - 1));
        return new MetricSummary(mean, stdDev, values.Count);
    }
}
