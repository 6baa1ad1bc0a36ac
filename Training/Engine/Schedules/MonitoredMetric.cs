using Ablation.Contracts.Metrics;

namespace Ablation.Training.Engine.Schedules;

/// <summary>A validation metric watched by the plateau schedule or early stopping; its direction follows from its name.</summary>
public sealed record MonitoredMetric(string Name, bool Maximize)
{
    public static MonitoredMetric For(string name) => name switch
    {
        "val_loss" => new(name, Maximize: false),
        "val_accuracy" => new(name, Maximize: true),
        _ => throw new ArgumentException($"unknown metric '{name}'", nameof(name)),
    };

    /// <summary>The metric's value in an epoch's metrics; NaN when the epoch has none (it never counts as an improvement).</summary>
    public double Read(EpochMetrics metrics) => (Name == "val_loss" ? metrics.ValLoss : metrics.ValAccuracy) ?? double.NaN;
}
