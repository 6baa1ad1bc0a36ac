using System.Text.Json.Serialization;

namespace Ablation.Contracts.Metrics;

/// <summary>
/// What one epoch measured: every split's scores (<see cref="SplitScores"/>) and the values that
/// belong to no split. On the wire (the <c>epoch</c> event's <c>metrics</c>, and the history of a
/// checkpoint's state.json) it is one flat object, <c>{"epoch":1,"train_loss":…,"val_accuracy":…,
/// "lr":…,"train_seconds":…,"epoch_seconds":…,"samples_per_second":…}</c>; see
/// <see cref="EpochMetricsJsonConverter"/>.
/// </summary>
[JsonConverter(typeof(EpochMetricsJsonConverter))]
public sealed record EpochMetrics
{
    public required int Epoch { get; init; }

    public SplitScores Train { get; init; } = SplitScores.Empty;

    /// <summary>Null when the run has no validation split.</summary>
    public SplitScores? Validation { get; init; }

    public SplitScores Test { get; init; } = SplitScores.Empty;

    /// <summary>The learning rate at the end of the epoch.</summary>
    public double? Lr { get; init; }

    /// <summary>Seconds of the training pass.</summary>
    public double? TrainSeconds { get; init; }

    /// <summary>Seconds of the training pass and the evaluation of every split.</summary>
    public double? EpochSeconds { get; init; }

    /// <summary>Training examples per second.</summary>
    public double? SamplesPerSecond { get; init; }

    /// <summary>The value of a metric on a split; null when that split was not measured on it.</summary>
    public double? this[Split split, Metric metric] => ScoresOf(split)?[metric];

    public double? this[SplitMetric key] => this[key.Split, key.Metric];

    // Shorthands for what the worker's controls and tests read most; every other value is read by
    // split and metric, so a new metric needs none.
    public double TrainLoss => Train[Metric.Loss] ?? double.NaN;

    public double? TrainAccuracy => Train[Metric.Accuracy];

    public double? ValLoss => Validation?[Metric.Loss];

    public double? ValAccuracy => Validation?[Metric.Accuracy];

    public double TestLoss => Test[Metric.Loss] ?? double.NaN;

    public double? TestAccuracy => Test[Metric.Accuracy];

    /// <summary>The scores of one epoch split; null for a split the epoch has none of.</summary>
    public SplitScores? ScoresOf(Split split) =>
        split == Split.Train ? Train : split == Split.Validation ? Validation : split == Split.Test ? Test : null;

    /// <summary>These metrics with <paramref name="split"/>'s scores replaced.</summary>
    public EpochMetrics WithScores(Split split, SplitScores? scores) =>
        split == Split.Train ? this with { Train = scores ?? SplitScores.Empty }
        : split == Split.Validation ? this with { Validation = scores }
        : split == Split.Test ? this with { Test = scores ?? SplitScores.Empty }
        : throw new ArgumentException($"{split} is not an epoch split", nameof(split));

    /// <summary>The task whose scores these are: regression when a split holds a regression score.</summary>
    public MetricTask Task =>
        Split.OfEpoch.Any(s => ScoresOf(s)?.Values.Any(v => v.Metric.Task == MetricTask.Regression) == true) ? MetricTask.Regression
        : MetricTask.Classification;
}
