namespace Ablation.Training.Engine.Schedules;

/// <summary>
/// <c>cosine</c>: PyTorch's CosineAnnealingLR with T_max = the run's epochs and eta_min = min_lr,
/// η_min + (lr − η_min) · (1 + cos(π (epoch − 1) / T_max)) / 2; the last epoch stays just above η_min.
/// </summary>
public sealed class CosineSchedule(double baseLr, double minLr, int epochs) : LrSchedule
{
    public override double EpochLr(int epoch) =>
        minLr + ((baseLr - minLr) * (1 + Math.Cos(Math.PI * (epoch - 1) / epochs)) / 2);
}
