namespace Ablation.Contracts.Metrics;

/// <summary>Which kind of run measures a metric.</summary>
public enum MetricTask
{
    /// <summary>Every run (the loss).</summary>
    Any,
    Classification,
    Regression,
}

/// <summary>
/// A score measured on each split of every epoch: the loss, and the task's own scores. This list is
/// the one place a metric is named: the epoch events, the checkpoint history, the final metrics
/// (last epoch, best validation epoch, test at the best validation epoch), the dashboard's points
/// and its result columns are all derived from it. Adding a metric is adding it here and having
/// the worker's tally measure it.
/// </summary>
public sealed class Metric
{
    private Metric(string key, string title, bool higherIsBetter, MetricTask task)
    {
        Key = key;
        Title = title;
        HigherIsBetter = higherIsBetter;
        Task = task;
    }

    /// <summary>The training objective; for regression in standardized target units (docs/tables.md).</summary>
    public static Metric Loss { get; } = new("loss", "loss", higherIsBetter: false, MetricTask.Any);

    public static Metric Accuracy { get; } = new("accuracy", "acc.", higherIsBetter: true, MetricTask.Classification);

    /// <summary>Mean squared error in the target's own units.</summary>
    public static Metric Mse { get; } = new("mse", "MSE", higherIsBetter: false, MetricTask.Regression);

    /// <summary>Mean absolute error in the target's own units.</summary>
    public static Metric Mae { get; } = new("mae", "MAE", higherIsBetter: false, MetricTask.Regression);

    /// <summary>Coefficient of determination, 1 − SSE / Σ(y − ȳ)².</summary>
    public static Metric R2 { get; } = new("r2", "R²", higherIsBetter: true, MetricTask.Regression);

    /// <summary>Every split metric, in the order the wire and the tables list them.</summary>
    public static IReadOnlyList<Metric> All { get; } = [Loss, Accuracy, Mse, Mae, R2];

    /// <summary>The name on the wire (the suffix of <c>train_loss</c>) and in the database's points.</summary>
    public string Key { get; }

    /// <summary>How a column header names it after the split ("Test acc.", "Val R²").</summary>
    public string Title { get; }

    public bool HigherIsBetter { get; }

    public MetricTask Task { get; }

    /// <summary>The metrics a run of this task measures (the loss and the task's scores).</summary>
    public static IReadOnlyList<Metric> For(MetricTask task) => [.. All.Where(m => m.Task == MetricTask.Any || m.Task == task)];

    public static Metric? FromKey(string key) => All.FirstOrDefault(m => m.Key == key);

    public override string ToString() => Key;
}

/// <summary>
/// The values of an epoch that belong to no split, stored beside the training split's points:
/// the learning rate, the throughput and the wall time.
/// </summary>
public static class EpochValues
{
    public const string Lr = "lr";
    public const string TrainSeconds = "train_seconds";
    public const string EpochSeconds = "epoch_seconds";
    public const string SamplesPerSecond = "samples_per_second";
}
