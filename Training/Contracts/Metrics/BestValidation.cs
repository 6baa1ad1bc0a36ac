namespace Ablation.Contracts.Metrics;

/// <summary>
/// Which epoch counts as the best on validation: the highest validation accuracy, or the lowest
/// validation loss when no epoch has an accuracy (regression); ties go to the earlier epoch, the
/// first time that value was reached. The final metrics and the worker's kept best.pt use this one rule.
/// </summary>
public static class BestValidation
{
    public static EpochMetrics? Pick(IReadOnlyList<EpochMetrics> history)
    {
        var metric = MetricOf(history);
        EpochMetrics? best = null;
        double? current = null;
        foreach (var epoch in history)
        {
            if (epoch.Validation?[metric] is not { } v || double.IsNaN(v))
            {
                continue;
            }

            if (current is not { } c || (metric.HigherIsBetter ? v > c : v < c))
            {
                best = epoch;
                current = v;
            }
        }

        return best;
    }

    /// <summary>The metric the rule ranks by: accuracy when any epoch has one, else the loss.</summary>
    public static Metric MetricOf(IReadOnlyList<EpochMetrics> history) =>
        history.Any(h => h.ValAccuracy is { } a && !double.IsNaN(a)) ? Metric.Accuracy : Metric.Loss;
}
