using Ablation.Contracts.Metrics;

namespace Ablation.Training.Engine.Schedules;

/// <summary>
/// <c>plateau</c>: PyTorch's ReduceLROnPlateau (threshold_mode "rel"). After each epoch the watched
/// metric either improves on the best so far by more than the relative threshold, or counts as a
/// bad epoch; after more than <c>patience</c> bad epochs in a row the learning rate is multiplied by
/// <c>factor</c> (not below <c>min_lr</c>), and <c>cooldown</c> epochs follow in which bad epochs
/// are not counted.
/// </summary>
public sealed class PlateauSchedule(double baseLr, MonitoredMetric metric, double factor, int patience, double threshold, int cooldown, double minLr) : LrSchedule
{
    // PyTorch skips reductions smaller than this (its eps argument's default).
    private const double MinChange = 1e-8;

    private double _lr = baseLr;
    private double _best = metric.Maximize ? double.NegativeInfinity : double.PositiveInfinity;
    private int _badEpochs;
    private int _cooldownCounter;

    public override double EpochLr(int epoch) => _lr;

    public override void EndEpoch(EpochMetrics metrics)
    {
        var current = metric.Read(metrics);
        if (IsBetter(current))
        {
            _best = current;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _badEpochs = 0;
        }

        if (_badEpochs > patience)
        {
            var reduced = Math.Max(_lr * factor, minLr);
            if (_lr - reduced > MinChange)
            {
                _lr = reduced;
            }

            _cooldownCounter = cooldown;
            _badEpochs = 0;
        }
    }

    private bool IsBetter(double current) => metric.Maximize
        ? current > _best * (1 + threshold)
        : current < _best * (1 - threshold);

    public override ScheduleState State => new(_lr, _best, _badEpochs, _cooldownCounter);

    public override void Restore(ScheduleState state)
    {
        _lr = state.Lr;
        _best = state.Best;
        _badEpochs = state.BadEpochs;
        _cooldownCounter = state.CooldownCounter;
    }
}
