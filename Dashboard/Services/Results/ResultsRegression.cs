using Ablation.Contracts.Metrics;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// The regression side of the results: the metric names a regression run reports (MSE and MAE in
/// the target's units, R²; <see cref="MetricTask.Regression"/> in the contract) and how to tell a
/// regression study from a classifier's.
/// </summary>
public static class ResultsRegression
{
    private static readonly Metric[] _scores = [.. Metric.All.Where(m => m.Task == MetricTask.Regression)];

    /// <summary>The per-split scores of a regression epoch: "mse", "mae", "r2"; points are stored as (split, score).</summary>
    public static IReadOnlyList<string> Scores { get; } = [.. _scores.Select(m => m.Key)];

    public static string TestMse { get; } = FinalMetric.LastEpoch(Split.Test, Metric.Mse).Key;
    public static string TestMae { get; } = FinalMetric.LastEpoch(Split.Test, Metric.Mae).Key;
    public static string TestR2 { get; } = FinalMetric.LastEpoch(Split.Test, Metric.R2).Key;
    public static string ValMse { get; } = FinalMetric.LastEpoch(Split.Validation, Metric.Mse).Key;
    public static string ValR2 { get; } = FinalMetric.LastEpoch(Split.Validation, Metric.R2).Key;
    public static string TrainMse { get; } = FinalMetric.LastEpoch(Split.Train, Metric.Mse).Key;
    public static string TestMseAtBestVal { get; } = FinalMetric.TestAtBestValidation(Metric.Mse).Key;
    public static string TestMaeAtBestVal { get; } = FinalMetric.TestAtBestValidation(Metric.Mae).Key;
    public static string TestR2AtBestVal { get; } = FinalMetric.TestAtBestValidation(Metric.R2).Key;

    /// <summary>Every per-epoch regression metric, as "split_score".</summary>
    public static IReadOnlyList<string> LastEpoch { get; } =
        [.. FinalMetric.All.Where(m => m.Kind == FinalMetricKind.LastEpoch && m.Metric!.Task == MetricTask.Regression).Select(m => m.Key)];

    /// <summary>The final metrics only regression runs have.</summary>
    public static IReadOnlyList<string> Final { get; } =
        [.. FinalMetric.All.Where(m => m.Metric?.Task == MetricTask.Regression).Select(m => m.Key)];

    /// <summary>R² is better high, like an accuracy; MSE and MAE low.</summary>
    public static bool IsHigherBetter(string metric) => ResultMetrics.HigherIsBetter(metric);

    /// <summary>A study is a regression study when any of its runs reported a regression score, finally or at an epoch.</summary>
    public static bool IsRegression(StudyResults results) =>
        results.Runs.Any(r => r.FinalMetrics?.ContainsKey(TestMse) == true || results.SeriesFor(r.Id, Split.Test.Key, Metric.Mse.Key) is not null);
}
