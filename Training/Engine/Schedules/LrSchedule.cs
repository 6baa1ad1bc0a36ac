using Ablation.Contracts.Metrics;
using Ablation.Contracts.Specs;

namespace Ablation.Training.Engine.Schedules;

/// <summary>
/// A learning-rate schedule stepped once per epoch, as PyTorch's schedulers are when
/// <c>scheduler.step()</c> follows each epoch: <see cref="EpochLr"/> of epoch e (1-based) is the
/// learning rate after e − 1 steps. Warm-up is applied on top by <see cref="LearningRatePlan"/>.
/// </summary>
public abstract class LrSchedule
{
    /// <summary>The learning rate for every step of <paramref name="epoch"/> (1-based), before warm-up.</summary>
    public abstract double EpochLr(int epoch);

    /// <summary>Called once after each epoch's evaluation; the plateau schedule reads its metric here.</summary>
    public virtual void EndEpoch(EpochMetrics metrics)
    {
    }

    /// <summary>What a resumed run needs to continue the same schedule; null when it is a function of the epoch alone.</summary>
    public virtual ScheduleState? State => null;

    public virtual void Restore(ScheduleState state)
    {
    }

    public static LrSchedule For(ScheduleSpec spec, double baseLr, int epochs) => spec.Name switch
    {
        "none" => new ConstantSchedule(baseLr),
        "step" => new StepSchedule(baseLr, spec.StepSize ?? Math.Max(1, epochs / 3), spec.Gamma ?? 0.1),
        "cosine" => new CosineSchedule(baseLr, spec.MinLr, epochs),
        "exponential" => new ExponentialSchedule(baseLr, spec.Gamma ?? 0.95),
        "plateau" => new PlateauSchedule(baseLr, MonitoredMetric.For(spec.Metric), spec.Factor, spec.Patience, spec.Threshold, spec.Cooldown, spec.MinLr),
        _ => throw new SpecException("schedule.name", $"unknown value '{spec.Name}'"),
    };
}

/// <summary>The plateau schedule's counters, saved in every checkpoint so that a resumed run reduces at the same epochs.</summary>
public sealed record ScheduleState(double Lr, double Best, int BadEpochs, int CooldownCounter);
