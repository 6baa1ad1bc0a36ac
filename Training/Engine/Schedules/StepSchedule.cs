namespace Ablation.Training.Engine.Schedules;

/// <summary><c>step</c>: PyTorch's StepLR, lr · γ^⌊(epoch − 1) / step_size⌋.</summary>
public sealed class StepSchedule(double baseLr, int stepSize, double gamma) : LrSchedule
{
    public override double EpochLr(int epoch) => baseLr * Math.Pow(gamma, (epoch - 1) / stepSize);
}
