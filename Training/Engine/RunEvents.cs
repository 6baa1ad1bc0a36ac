using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ablation.Training.Engine;

// The worker's events: one JSON object per line, each with an "event" field first, appended to the
// run folder's events.jsonl and written to stdout. docs/worker.md is the schema; the dashboard's
// supervisor parses exactly these names.

public abstract record RunEvent(string Event)
{
    [JsonPropertyOrder(-10)]
    public string Event { get; } = Event;

    /// <summary>Seconds since the run (this process) started.</summary>
    [JsonPropertyOrder(-9)]
    public double Time { get; init; }
}

public sealed record StartEvent() : RunEvent("start")
{
    public required string SpecHash { get; init; }
    public required string Device { get; init; }
    public required int Threads { get; init; }
    public required string TorchVersion { get; init; }
    public required string Dataset { get; init; }
    public required int TrainSize { get; init; }
    public required int ValidationSize { get; init; }
    public required int TestSize { get; init; }
    public required int[] InputShape { get; init; }
    public required int Classes { get; init; }
    public required long Parameters { get; init; }
    public required int Epochs { get; init; }
    public required int StepsPerEpoch { get; init; }
    public int ResumedFromEpoch { get; init; }
}

public sealed record LayerSummary(string Name, string Layer, int[] OutputShape, long Parameters, int Depth);

public sealed record ModelEvent() : RunEvent("model")
{
    public required string Family { get; init; }
    public required long Parameters { get; init; }
    public required LayerSummary[] Layers { get; init; }
}

public sealed record BatchEvent() : RunEvent("batch")
{
    public required int Epoch { get; init; }

    /// <summary>Optimizer steps since the start of the run.</summary>
    public required long Step { get; init; }

    /// <summary>Mean training loss over the steps since the previous batch event.</summary>
    public required double Loss { get; init; }

    public required double Lr { get; init; }
}

public sealed record EpochMetrics
{
    public required int Epoch { get; init; }
    public required double TrainLoss { get; init; }

    /// <summary>Null for regression, as every accuracy is.</summary>
    public double? TrainAccuracy { get; init; }
    public double? ValLoss { get; init; }
    public double? ValAccuracy { get; init; }
    public required double TestLoss { get; init; }
    public double? TestAccuracy { get; init; }

    // Regression only (null for classification): MSE and MAE in the target's own units, and R².
    public double? TrainMse { get; init; }
    public double? TrainMae { get; init; }
    public double? TrainR2 { get; init; }
    public double? ValMse { get; init; }
    public double? ValMae { get; init; }
    public double? ValR2 { get; init; }
    public double? TestMse { get; init; }
    public double? TestMae { get; init; }
    public double? TestR2 { get; init; }
    public required double Lr { get; init; }
    public required double TrainSeconds { get; init; }
    public required double EpochSeconds { get; init; }
    public required double SamplesPerSecond { get; init; }
}

public sealed record EpochEvent() : RunEvent("epoch")
{
    public required int Epochs { get; init; }

    /// <summary>Optimizer steps since the start of the run, at the end of this epoch: where its points sit on a curve by step.</summary>
    public required long Step { get; init; }

    [JsonPropertyOrder(1)]
    public required EpochMetrics Metrics { get; init; }
}

public sealed record CheckpointEvent() : RunEvent("checkpoint")
{
    public required int Epoch { get; init; }
    public required string Path { get; init; }
}

public sealed record DivergedEvent() : RunEvent("diverged")
{
    public required int Epoch { get; init; }
    public required long Step { get; init; }
    public required double Loss { get; init; }
}

public sealed record CanceledEvent() : RunEvent("canceled")
{
    public required int Epoch { get; init; }
    public required long Step { get; init; }
}

public sealed record FinalEvent() : RunEvent("final")
{
    public required string Status { get; init; }
    public required Dictionary<string, double?> Metrics { get; init; }
}

public sealed record ErrorEvent() : RunEvent("error")
{

    /// <summary>"spec", "data" or "internal".</summary>
    public required string Kind { get; init; }

    public required string Message { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StartEvent))]
[JsonSerializable(typeof(ModelEvent))]
[JsonSerializable(typeof(BatchEvent))]
[JsonSerializable(typeof(EpochEvent))]
[JsonSerializable(typeof(CheckpointEvent))]
[JsonSerializable(typeof(DivergedEvent))]
[JsonSerializable(typeof(CanceledEvent))]
[JsonSerializable(typeof(EvaluationEvent))]
[JsonSerializable(typeof(FinalEvent))]
[JsonSerializable(typeof(ErrorEvent))]
[JsonSerializable(typeof(StoppedEarlyEvent))]
[JsonSerializable(typeof(BestCheckpointEvent))]
[JsonSerializable(typeof(CheckpointState))]
internal sealed partial class EventJsonContext : JsonSerializerContext;

public static class RunEventJson
{
    // Layer names such as "Conv2d(1→32)" stay readable: the default encoder escapes every non-ASCII character.
    private static readonly EventJsonContext _context = new(new JsonSerializerOptions(EventJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(RunEvent e) => JsonSerializer.Serialize(e, e.GetType(), _context);
}
