using Ablation.Contracts.Metrics;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// The curves a results page offers, named "split/metric" (<see cref="SeriesKey"/>), derived from
/// the contract's <see cref="Split"/> and <see cref="Metric"/>: a metric added there is offered here.
/// </summary>
public static class ResultCurves
{
    public static string Of(Split split, Metric metric) => new SeriesKey(split.Key, metric.Key).ToString();

    /// <summary>The mean training loss of the batch events, against the optimizer step.</summary>
    public static string BatchLoss { get; } = Of(Split.Batch, Metric.Loss);

    /// <summary>Training throughput per epoch.</summary>
    public static string SamplesPerSecond { get; } = new SeriesKey(Split.Train.Key, EpochValues.SamplesPerSecond).ToString();

    /// <summary>Validation, then training, then test; each with its task's scores before the loss; then the batch loss and the throughput.</summary>
    public static IReadOnlyList<string> For(bool isRegression)
    {
        var metrics = Metric.For(isRegression ? MetricTask.Regression : MetricTask.Classification).OrderBy(m => m == Metric.Loss).ToList();
        return
        [
            .. new[] { Split.Validation, Split.Train, Split.Test }.SelectMany(s => metrics.Select(m => Of(s, m))),
            BatchLoss,
            SamplesPerSecond,
        ];
    }

    /// <summary>The curve a study of this kind opens on: validation accuracy, or validation MSE for a regression.</summary>
    public static string Default(bool isRegression) => Of(Split.Validation, isRegression ? Metric.Mse : Metric.Accuracy);

    /// <summary>Whether <paramref name="curve"/> is drawn against the optimizer step (batch points) rather than the epoch.</summary>
    public static bool IsByStep(string curve) => curve.StartsWith(Split.Batch.Key + "/", StringComparison.Ordinal);
}
