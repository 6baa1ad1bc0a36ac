using Ablation.Contracts.Metrics;

namespace Ablation.Training.Engine;

public enum RunOutcome
{
    Succeeded,
    Diverged,
    Canceled,
}

public sealed record TrainingResult(RunOutcome Outcome, IReadOnlyList<EpochMetrics> History, Dictionary<string, double?> Metrics);
