namespace Ablation.Training.Engine;

/// <summary>Emitted before <c>final</c>: the run folder's evaluation.json is written (docs/worker.md).</summary>
public sealed record EvaluationEvent() : RunEvent("evaluation")
{
    /// <summary>"classification" or "regression".</summary>
    public required string Kind { get; init; }

    public required string Path { get; init; }
}
