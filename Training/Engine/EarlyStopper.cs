using Ablation.Contracts.Metrics;
using Ablation.Contracts.Specs;
using Ablation.Training.Engine.Schedules;

namespace Ablation.Training.Engine;

/// <summary>The early-stopping counters, saved in every checkpoint so that a resumed run stops at the same epoch.</summary>
public sealed record EarlyStoppingState(double Best, int BestEpoch, int Wait);

/// <summary>
/// <c>early_stopping</c>: an epoch improves when its metric beats the best so far by more than
/// min_delta (lower for val_loss, higher for val_accuracy); the run stops after <c>patience</c>
/// epochs in a row without improvement.
/// </summary>
public sealed class EarlyStopper(MonitoredMetric metric, int patience, double minDelta)
{
    private double _best = metric.Maximize ? double.NegativeInfinity : double.PositiveInfinity;
    private int _bestEpoch;
    private int _wait;

    public MonitoredMetric Metric { get; } = metric;

    public int Patience { get; } = patience;

    public double Best => _best;

    public int BestEpoch => _bestEpoch;

    /// <summary>True once <see cref="Patience"/> epochs in a row have not improved.</summary>
    public bool ShouldStop => _wait >= Patience;

    /// <summary>The stopper of a spec, or null when early stopping is off.</summary>
    public static EarlyStopper? For(EarlyStoppingSpec spec) =>
        spec.Enabled ? new EarlyStopper(MonitoredMetric.For(spec.Metric), spec.Patience, spec.MinDelta) : null;

    public void EndEpoch(EpochMetrics metrics)
    {
        var current = Metric.Read(metrics);
        var improved = Metric.Maximize ? current > _best + minDelta : current < _best - minDelta;
        if (improved)
        {
            _best = current;
            _bestEpoch = metrics.Epoch;
            _wait = 0;
        }
        else
        {
            _wait++;
        }
    }

    public EarlyStoppingState State => new(_best, _bestEpoch, _wait);

    public void Restore(EarlyStoppingState state)
    {
        _best = state.Best;
        _bestEpoch = state.BestEpoch;
        _wait = state.Wait;
    }
}
