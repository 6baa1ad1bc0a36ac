namespace Ablation.Training.Engine;

// Events of the training controls (docs/worker.md): early stopping and the kept best checkpoint.

/// <summary>Early stopping ended the run after <see cref="Epoch"/>; a <c>final</c> event with status succeeded follows.</summary>
public sealed record StoppedEarlyEvent() : RunEvent("stopped_early")
{
    public required int Epoch { get; init; }
    public required int Epochs { get; init; }
    public required string Metric { get; init; }
    public required double Best { get; init; }
    public required int BestEpoch { get; init; }
    public required int Patience { get; init; }
}

/// <summary>The weights of the best validation epoch so far were written to <see cref="Path"/> (the run folder's best.pt).</summary>
public sealed record BestCheckpointEvent() : RunEvent("best_checkpoint")
{
    public required int Epoch { get; init; }
    public required string Metric { get; init; }
    public required double Value { get; init; }
    public required string Path { get; init; }
}
