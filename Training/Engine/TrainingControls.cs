using Ablation.Contracts.Evaluation;
using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;
using Ablation.Contracts.Specs;
using Ablation.Training.Engine.Schedules;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

/// <summary>
/// What steers a run around the plain training loop: the learning rate of every step (schedule and
/// warm-up), augmentation of the training batches, early stopping, and the kept weights of the
/// best validation epoch. Their counters are part of every checkpoint, so a resumed run takes the
/// same decisions as one that never stopped.
/// </summary>
internal sealed class TrainingControls
{
    private readonly RunSpec _spec;
    private readonly LearningRatePlan _lr;
    private readonly Augmentation _augmentation;
    private double _lastLr = double.NaN;

    private TrainingControls(RunSpec spec, LearningRatePlan lr, EarlyStopper? stopper, Augmentation augmentation)
    {
        _spec = spec;
        _lr = lr;
        Stopper = stopper;
        _augmentation = augmentation;
    }

    public EarlyStopper? Stopper { get; }

    /// <summary>True once early stopping has seen <c>patience</c> epochs without improvement.</summary>
    public bool ShouldStop => Stopper?.ShouldStop == true;

    public ScheduleState? ScheduleState => _lr.Schedule.State;

    public EarlyStoppingState? EarlyStoppingState => Stopper?.State;

    public static TrainingControls For(RunSpec spec, int stepsPerEpoch, CheckpointState? resume)
    {
        var controls = new TrainingControls(spec, LearningRatePlan.For(spec, stepsPerEpoch), EarlyStopper.For(spec.EarlyStopping),
            Augmentation.Parse(spec.Data.Augment));
        if (resume?.Schedule is { } schedule)
        {
            controls._lr.Schedule.Restore(schedule);
        }

        if (resume?.EarlyStopping is { } stopping)
        {
            controls.Stopper?.Restore(stopping);
        }

        return controls;
    }

    /// <summary>Sets the optimizer's learning rate for the step with 0-based index <paramref name="step"/> (only when it changes).</summary>
    public void BeforeStep(Optimizer optimizer, int epoch, long step)
    {
        var lr = _lr.LrAt(epoch, step);
        if (lr != _lastLr)
        {
            optimizer.LearningRate = lr;
            _lastLr = lr;
        }
    }

    /// <summary>A training batch, augmented when the spec asks for it (validation and test batches never are).</summary>
    public (Tensor Inputs, Tensor Targets) TrainingBatch(IDeviceSplit train, Tensor index) => (_augmentation.IsNone, train) switch
    {
        (true, _) => train.Gather(index),
        (false, DeviceData images) => images.GatherAugmented(index, _augmentation),
        // The spec check refuses augmentation of tables before any training (TrainingControlRules).
        _ => throw new InvalidOperationException("augmentation needs image data"),
    };

    /// <summary>
    /// After an epoch's evaluation: steps the plateau schedule and early stopping, and keeps the
    /// weights in best.pt when this epoch is the best on validation so far. Returns the events to emit.
    /// </summary>
    public IEnumerable<RunEvent> EndEpoch(EpochMetrics metrics, IReadOnlyList<EpochMetrics> history, Module model, Checkpoints? checkpoints)
    {
        _lr.Schedule.EndEpoch(metrics);
        Stopper?.EndEpoch(metrics);
        if (checkpoints is not null && BestValidation.Pick(history) is { } best && best.Epoch == metrics.Epoch)
        {
            var metric = BestValidation.MetricOf(history);
            var path = checkpoints.SaveBest(model);
            yield return new BestCheckpointEvent
            {
                Epoch = best.Epoch, Metric = FinalMetric.LastEpoch(Split.Validation, metric).Key, Value = best.Validation?[metric] ?? double.NaN, Path = path,
            };
        }
    }

    /// <summary>The event that says early stopping ended the run after <paramref name="epoch"/>.</summary>
    public StoppedEarlyEvent StoppedEvent(int epoch) => new()
    {
        Epoch = epoch, Epochs = _spec.Epochs, Metric = Stopper!.Metric.Name, Best = Stopper.Best, BestEpoch = Stopper.BestEpoch,
        Patience = Stopper.Patience,
    };
}
