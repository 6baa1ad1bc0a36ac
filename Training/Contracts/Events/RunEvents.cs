using System.Text.Json.Serialization;
using Ablation.Contracts.Evaluation;
using Ablation.Contracts.Metrics;

namespace Ablation.Contracts.Events;

// The worker's events (docs/worker.md is their schema, field by field): one JSON object per line,
// appended to the run folder's events.jsonl and written to stdout. The "event" name of each type
// is written here once, in the attributes below; both sides serialize and read them through
// RunEventJson. A field the dashboard cannot do without is `required` (a line without it is
// refused); the others are optional for other writers, although ablate-worker always writes them.

[JsonPolymorphic(TypeDiscriminatorPropertyName = RunEventJson.EventProperty)]
[JsonDerivedType(typeof(StartEvent), "start")]
[JsonDerivedType(typeof(ModelEvent), "model")]
[JsonDerivedType(typeof(BatchEvent), "batch")]
[JsonDerivedType(typeof(EpochEvent), "epoch")]
[JsonDerivedType(typeof(CheckpointEvent), "checkpoint")]
[JsonDerivedType(typeof(BestCheckpointEvent), "best_checkpoint")]
[JsonDerivedType(typeof(StoppedEarlyEvent), "stopped_early")]
[JsonDerivedType(typeof(EvaluationEvent), "evaluation")]
[JsonDerivedType(typeof(DivergedEvent), "diverged")]
[JsonDerivedType(typeof(CanceledEvent), "canceled")]
[JsonDerivedType(typeof(FinalEvent), "final")]
[JsonDerivedType(typeof(ErrorEvent), "error")]
public abstract record RunEvent
{
    /// <summary>The event schema the line is written in, "MAJOR.MINOR" (<see cref="EventSchema"/>); null when read from a line without one (schema 1.0).</summary>
    [JsonPropertyOrder(-10)]
    public string? Schema { get; init; } = EventSchema.Current.ToString();

    /// <summary>Seconds since the run (this process) started.</summary>
    [JsonPropertyOrder(-9)]
    public double Time { get; init; }

    /// <summary>The name this event has on the wire ("start", "epoch", …).</summary>
    [JsonIgnore]
    public string Name => RunEventJson.NameOf(GetType());
}

/// <summary>Training begins (again, when <see cref="ResumedFromEpoch"/> &gt; 0): what runs, on what.</summary>
public sealed record StartEvent : RunEvent
{
    /// <summary>The epochs asked for.</summary>
    public required int Epochs { get; init; }

    /// <summary>The last epoch of the checkpoint this attempt continues from; 0 for a fresh run.</summary>
    public int ResumedFromEpoch { get; init; }

    public string? SpecHash { get; init; }

    /// <summary>"cpu" or "cuda:N".</summary>
    public string? Device { get; init; }

    public int? Threads { get; init; }
    public string? TorchVersion { get; init; }
    public string? Dataset { get; init; }
    public int? TrainSize { get; init; }
    public int? ValidationSize { get; init; }
    public int? TestSize { get; init; }

    /// <summary>[C, H, W] for images, [features] for tables.</summary>
    public int[]? InputShape { get; init; }

    /// <summary>Output classes (1 for a regression).</summary>
    public int? Classes { get; init; }

    public long? Parameters { get; init; }
    public int? StepsPerEpoch { get; init; }
}

/// <summary>One row of a model's layer table; <see cref="Depth"/> &gt; 0 inside a residual block.</summary>
public sealed record LayerSummary(string Name, string Layer, int[] OutputShape, long Parameters, int Depth);

/// <summary>The model's layer table, as planned (Ablation.Contracts.Models).</summary>
public sealed record ModelEvent : RunEvent
{
    public required string Family { get; init; }
    public required long Parameters { get; init; }
    public required LayerSummary[] Layers { get; init; }
}

/// <summary>Training progress every <c>log_every</c> optimizer steps.</summary>
public sealed record BatchEvent : RunEvent
{
    public required int Epoch { get; init; }

    /// <summary>Optimizer steps since the start of the run.</summary>
    public required long Step { get; init; }

    /// <summary>Mean training loss over the steps since the previous batch event.</summary>
    public required double Loss { get; init; }

    public double? Lr { get; init; }
}

/// <summary>An epoch ended: its metrics on every split.</summary>
public sealed record EpochEvent : RunEvent
{
    /// <summary>The epochs asked for.</summary>
    public int? Epochs { get; init; }

    /// <summary>Optimizer steps since the start of the run, at the end of this epoch: where its points sit on a curve by step. Null: at the last step reported.</summary>
    public long? Step { get; init; }

    [JsonPropertyOrder(1)]
    public required EpochMetrics Metrics { get; init; }
}

/// <summary>A checkpoint of this epoch is complete (<see cref="Path"/> is the run folder's state.json).</summary>
public sealed record CheckpointEvent : RunEvent
{
    public required int Epoch { get; init; }
    public required string Path { get; init; }
}

/// <summary>The weights of the best validation epoch so far were written to <see cref="Path"/> (the run folder's best.pt).</summary>
public sealed record BestCheckpointEvent : RunEvent
{
    public required int Epoch { get; init; }

    /// <summary>The final-metric name of what ranked it: val_accuracy, or val_loss when the run has no accuracy.</summary>
    public required string Metric { get; init; }

    public required double Value { get; init; }
    public required string Path { get; init; }
}

/// <summary>Early stopping ended the run after <see cref="Epoch"/>; a <c>final</c> event with status succeeded follows.</summary>
public sealed record StoppedEarlyEvent : RunEvent
{
    public required int Epoch { get; init; }
    public required int Epochs { get; init; }

    /// <summary>The metric watched (val_loss or val_accuracy).</summary>
    public required string Metric { get; init; }

    public required double Best { get; init; }
    public required int BestEpoch { get; init; }
    public required int Patience { get; init; }
}

/// <summary>Emitted before <c>final</c>: the run folder's evaluation.json is written.</summary>
public sealed record EvaluationEvent : RunEvent
{
    public required EvaluationKind Kind { get; init; }
    public required string Path { get; init; }
}

/// <summary>The loss became NaN or infinite: the run stops here (exit code <see cref="Worker.ExitCode.Diverged"/>).</summary>
public sealed record DivergedEvent : RunEvent
{
    public required int Epoch { get; init; }
    public required long Step { get; init; }
    public required double Loss { get; init; }
}

/// <summary>The run was stopped from outside (Ctrl-C, SIGTERM, its dashboard gone) between two steps.</summary>
public sealed record CanceledEvent : RunEvent
{
    public required int Epoch { get; init; }
    public required long Step { get; init; }
}

/// <summary>The run succeeded: its final metrics, named by <see cref="FinalMetric"/>.</summary>
public sealed record FinalEvent : RunEvent
{
    public const string Succeeded = "succeeded";

    /// <summary>Always <see cref="Succeeded"/> in schema 1.</summary>
    public required string Status { get; init; }

    public required Dictionary<string, double?> Metrics { get; init; }
}

public enum ErrorKind
{
    /// <summary>The run spec is invalid (exit code 2).</summary>
    [JsonStringEnumMemberName("spec")]
    Spec,

    /// <summary>The data cannot be read or does not fit the spec (exit code 2).</summary>
    [JsonStringEnumMemberName("data")]
    Data,

    /// <summary>Anything else: libtorch not loadable, an I/O error (exit code 1).</summary>
    [JsonStringEnumMemberName("internal")]
    Internal,
}

/// <summary>The run could not start or go on; <see cref="Message"/> is the line the worker also prints on stderr.</summary>
public sealed record ErrorEvent : RunEvent
{
    public ErrorKind? Kind { get; init; }
    public required string Message { get; init; }
}
