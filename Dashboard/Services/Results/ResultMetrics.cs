using Ablation.Contracts.Metrics;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// The final metrics a results page reads, by their contract names (<see cref="FinalMetric"/>);
/// the shorthands below are the ones tables and tests name most, every other name comes from the
/// contract's list.
/// </summary>
public static class ResultMetrics
{
    public static string TestAccuracy { get; } = Last(Split.Test, Metric.Accuracy);
    public static string TestLoss { get; } = Last(Split.Test, Metric.Loss);
    public static string TrainLoss { get; } = Last(Split.Train, Metric.Loss);
    public static string TrainAccuracy { get; } = Last(Split.Train, Metric.Accuracy);
    public static string ValLoss { get; } = Last(Split.Validation, Metric.Loss);
    public static string ValAccuracy { get; } = Last(Split.Validation, Metric.Accuracy);
    public static string BestValAccuracy { get; } = FinalMetric.BestValidation(Metric.Accuracy).Key;
    public static string BestValLoss { get; } = FinalMetric.BestValidation(Metric.Loss).Key;
    public static string BestValEpoch { get; } = FinalMetric.BestValidationEpoch.Key;
    public static string TestAccuracyAtBestVal { get; } = FinalMetric.TestAtBestValidation(Metric.Accuracy).Key;
    public static string TestLossAtBestVal { get; } = FinalMetric.TestAtBestValidation(Metric.Loss).Key;
    public static string MeanEpochSeconds { get; } = FinalMetric.MeanEpochSeconds.Key;
    public static string MeanTrainSeconds { get; } = FinalMetric.MeanTrainSeconds.Key;
    public static string Parameters { get; } = FinalMetric.Parameters.Key;
    public static string EpochsCompleted { get; } = FinalMetric.EpochsCompleted.Key;
    public static string Seconds { get; } = FinalMetric.Seconds.Key;
    public static string StoppedEarly { get; } = FinalMetric.StoppedEarly.Key;

    public static string BatchSplit { get; } = Split.Batch.Key;

    /// <summary>Every name of the final metrics that a table or an analysis can show, in the contract's order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. FinalMetric.All.Where(m => m != FinalMetric.StoppedEarly).Select(m => m.Key)];

    /// <summary>The last-epoch metrics, which a run without final metrics can still show from its epoch points.</summary>
    public static IReadOnlyList<string> LastEpoch { get; } = [.. FinalMetric.All.Where(m => m.Kind == FinalMetricKind.LastEpoch).Select(m => m.Key)];

    /// <summary>
    /// Accuracies and R² are better high; losses, errors, times and sizes are better low. A name the
    /// contract does not list (an aggregate such as "test_accuracy_mean") follows the metric it names.
    /// </summary>
    public static bool HigherIsBetter(string metric) =>
        FinalMetric.FromKey(metric)?.HigherIsBetter ?? Metric.All.Any(m => m.HigherIsBetter && metric.Split('_').Contains(m.Key));

    /// <summary>"test_accuracy" → ("test", "accuracy"), the curve that holds its per-epoch values; null for metrics that are not per epoch.</summary>
    public static SeriesKey? EpochSeries(string metric) =>
        FinalMetric.FromKey(metric)?.EpochSeries is { } series ? new SeriesKey(series.Split.Key, series.Metric.Key) : null;

    /// <summary>
    /// Parses a final metrics object as stored (<see cref="FinalMetrics.Parse"/>). Null or malformed
    /// JSON gives null: the run has no final metrics.
    /// </summary>
    public static IReadOnlyDictionary<string, double?>? Parse(string? json) => FinalMetrics.Parse(json);

    /// <summary>Train, validation, test, batch, then names the contract does not know.</summary>
    internal static int SplitRank(string split) => Split.FromKey(split)?.Rank ?? Split.All.Count;

    private static string Last(Split split, Metric metric) => FinalMetric.LastEpoch(split, metric).Key;
}

/// <summary>Which metric picks the best run or cell, and in which direction.</summary>
public sealed record BestBy(string Metric, bool HigherIsBetter)
{
    /// <summary>The default: highest test accuracy.</summary>
    public static BestBy TestAccuracy { get; } = new(ResultMetrics.TestAccuracy, HigherIsBetter: true);

    /// <summary>The metric with its natural direction (accuracies high, everything else low).</summary>
    public static BestBy For(string metric) => new(metric, ResultMetrics.HigherIsBetter(metric));

    /// <summary>Whether <paramref name="candidate"/> beats <paramref name="current"/>; NaN never wins.</summary>
    internal bool Beats(double candidate, double? current) =>
        !double.IsNaN(candidate) && (current is not { } c || (HigherIsBetter ? candidate > c : candidate < c));
}
