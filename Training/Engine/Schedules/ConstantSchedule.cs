namespace Ablation.Training.Engine.Schedules;

/// <summary><c>none</c>: the optimizer's learning rate throughout.</summary>
public sealed class ConstantSchedule(double baseLr) : LrSchedule
{
    public override double EpochLr(int epoch) => baseLr;
}
