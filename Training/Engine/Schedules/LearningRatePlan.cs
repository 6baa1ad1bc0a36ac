using Ablation.Contracts.Specs;

namespace Ablation.Training.Engine.Schedules;

/// <summary>
/// The learning rate of every optimizer step: the schedule's rate for the epoch, scaled during
/// warm-up by (step + 1) / warm-up steps, where step counts the run's optimizer steps from 0 and
/// warm-up steps = round(warmup_epochs × steps per epoch). The schedule's epochs count from the
/// start of the run, warm-up included.
/// </summary>
public sealed class LearningRatePlan(LrSchedule schedule, long warmupSteps)
{
    public LrSchedule Schedule { get; } = schedule;

    public long WarmupSteps { get; } = warmupSteps;

    public static LearningRatePlan For(RunSpec spec, int stepsPerEpoch) => new(
        LrSchedule.For(spec.Schedule, spec.Optimizer.Lr, spec.Epochs),
        (long)Math.Round(spec.Schedule.WarmupEpochs * stepsPerEpoch, MidpointRounding.AwayFromZero));

    /// <summary>The learning rate of the optimizer step with 0-based index <paramref name="step"/>, taken in <paramref name="epoch"/>.</summary>
    public double LrAt(int epoch, long step)
    {
        var lr = Schedule.EpochLr(epoch);
        return step < WarmupSteps ? lr * (step + 1) / WarmupSteps : lr;
    }
}
