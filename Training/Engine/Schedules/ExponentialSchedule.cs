namespace Ablation.Training.Engine.Schedules;

/// <summary><c>exponential</c>: PyTorch's ExponentialLR, lr · γ^(epoch − 1).</summary>
public sealed class ExponentialSchedule(double baseLr, double gamma) : LrSchedule
{
    public override double EpochLr(int epoch) => baseLr * Math.Pow(gamma, epoch - 1);
}
