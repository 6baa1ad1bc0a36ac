namespace Ablation.Training.Engine;

/// <summary>
/// Which epoch counts as the best on validation: the highest validation accuracy, or the lowest
/// validation loss when no epoch has an accuracy (regression); ties go to the earlier epoch, the
/// first time that value was reached. The final metrics and the kept best.pt use this one rule.
/// </summary>
public static class BestValidation
{
    public static EpochMetrics? Pick(IReadOnlyList<EpochMetrics> history)
    {
        EpochMetrics? best = null;
        var byAccuracy = history.Any(h => h.ValAccuracy is { } a && !double.IsNaN(a));
        foreach (var epoch in history)
        {
            var value = byAccuracy ? epoch.ValAccuracy : epoch.ValLoss;
            if (value is not { } v || double.IsNaN(v))
            {
                continue;
            }

            var current = best is null ? (double?)null : byAccuracy ? best.ValAccuracy : best.ValLoss;
            if (current is null || (byAccuracy ? v > current : v < current))
            {
                best = epoch;
            }
        }

        return best;
    }

    /// <summary>The metric the rule ranks by, for events and docs.</summary>
    public static string MetricOf(IReadOnlyList<EpochMetrics> history) =>
        history.Any(h => h.ValAccuracy is { } a && !double.IsNaN(a)) ? "val_accuracy" : "val_loss";
}
