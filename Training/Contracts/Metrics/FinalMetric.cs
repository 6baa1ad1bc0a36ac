namespace Ablation.Contracts.Metrics;

public enum FinalMetricKind
{
    /// <summary>A split metric at the last epoch: <c>test_accuracy</c>.</summary>
    LastEpoch,

    /// <summary>A validation metric at the best validation epoch: <c>best_val_accuracy</c>.</summary>
    BestValidation,

    /// <summary>A test metric measured at the best validation epoch: <c>test_accuracy_at_best_val</c>.</summary>
    TestAtBestValidation,

    /// <summary>A number about the whole run: its size, its epochs, its time.</summary>
    Run,
}

/// <summary>
/// A name of the <c>final</c> event's metrics (docs/worker.md). The names of split metrics are
/// built from <see cref="Split"/> and <see cref="Metric"/>, so the worker that writes them and the
/// dashboard that reads them cannot disagree, and a new metric gets its final names with it.
/// </summary>
public sealed class FinalMetric
{
    private const string BestValPrefix = "best_val_";
    private const string AtBestValSuffix = "_at_best_val";

    private FinalMetric(string key, FinalMetricKind kind, Split? split, Metric? metric, bool higherIsBetter)
    {
        Key = key;
        Kind = kind;
        Split = split;
        Metric = metric;
        HigherIsBetter = higherIsBetter;
    }

    public static FinalMetric BestValidationEpoch { get; } = Run("best_val_epoch");
    public static FinalMetric MeanEpochSeconds { get; } = Run("mean_epoch_seconds");
    public static FinalMetric MeanTrainSeconds { get; } = Run("mean_train_seconds");
    public static FinalMetric Parameters { get; } = Run("parameters");
    public static FinalMetric EpochsCompleted { get; } = Run("epochs_completed");
    public static FinalMetric Seconds { get; } = Run("seconds");

    /// <summary>1 when early stopping ended the run before its epochs, else 0.</summary>
    public static FinalMetric StoppedEarly { get; } = Run("stopped_early");

    /// <summary>
    /// Every final metric, in the order lists show them: the last epoch's split metrics (test
    /// first), the best validation epoch's, then the run's own numbers.
    /// </summary>
    public static IReadOnlyList<FinalMetric> All { get; } =
    [
        .. new[] { Split.Test, Split.Train, Split.Validation }.SelectMany(s => Metrics.Metric.All.Select(m => LastEpoch(s, m))),
        .. Metrics.Metric.All.Select(BestValidation),
        BestValidationEpoch,
        .. Metrics.Metric.All.Select(TestAtBestValidation),
        MeanEpochSeconds, MeanTrainSeconds, Parameters, EpochsCompleted, Seconds, StoppedEarly,
    ];

    /// <summary>The name on the wire and in the database's final metrics.</summary>
    public string Key { get; }

    public FinalMetricKind Kind { get; }

    /// <summary>The split measured (validation for <see cref="FinalMetricKind.BestValidation"/>, test at the best one); null for run numbers.</summary>
    public Split? Split { get; }

    public Metric? Metric { get; }

    /// <summary>Accuracies and R² are better high; losses, errors, times and sizes low.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The curve this final metric is the last point of (<c>test_accuracy</c> → test, accuracy); null when it is not a last-epoch value.</summary>
    public SplitMetric? EpochSeries => Kind == FinalMetricKind.LastEpoch ? new SplitMetric(Split!, Metric!) : null;

    public static FinalMetric LastEpoch(Split split, Metric metric) =>
        new(new SplitMetric(split, metric).Key, FinalMetricKind.LastEpoch, split, metric, metric.HigherIsBetter);

    public static FinalMetric BestValidation(Metric metric) =>
        new(BestValPrefix + metric.Key, FinalMetricKind.BestValidation, Metrics.Split.Validation, metric, metric.HigherIsBetter);

    public static FinalMetric TestAtBestValidation(Metric metric) =>
        new($"{Metrics.Split.Test.Key}_{metric.Key}{AtBestValSuffix}", FinalMetricKind.TestAtBestValidation, Metrics.Split.Test, metric, metric.HigherIsBetter);

    /// <summary>The final metric named <paramref name="key"/>; null for a name no writer of this schema gives.</summary>
    public static FinalMetric? FromKey(string key) => All.FirstOrDefault(m => m.Key == key);

    public override bool Equals(object? obj) => obj is FinalMetric other && other.Key == Key;

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Key;

    private static FinalMetric Run(string key) => new(key, FinalMetricKind.Run, null, null, higherIsBetter: false);
}
