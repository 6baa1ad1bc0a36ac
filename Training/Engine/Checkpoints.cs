using System.Text.Json;
using System.Text.Json.Serialization;
using Ablation.Contracts.Metrics;
using Ablation.Training.Engine.Schedules;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

/// <summary>What a run needs, beside the weights and optimizer state, to continue after an epoch.</summary>
public sealed record CheckpointState
{
    public required string SpecHash { get; init; }
    public required int Epoch { get; init; }
    public required long Step { get; init; }
    public required string ModelFile { get; init; }
    public required string OptimizerFile { get; init; }
    public required List<EpochMetrics> History { get; init; }

    /// <summary>The plateau schedule's counters; null for schedules that depend on the epoch alone.</summary>
    public ScheduleState? Schedule { get; init; }

    /// <summary>Early stopping's counters; null when early stopping is off.</summary>
    public EarlyStoppingState? EarlyStopping { get; init; }
}

/// <summary>
/// Per-epoch checkpoints in a run directory. The weights and optimizer state are written under
/// epoch-numbered names first, then state.json is replaced atomically: a crash at any point leaves
/// the previous complete checkpoint in force.
/// </summary>
public sealed class Checkpoints(string directory)
{
    private const string StateFile = "state.json";

    public string Directory { get; } = Path.GetFullPath(directory);

    public CheckpointState? TryLoadState()
    {
        var path = Path.Combine(Directory, StateFile);
        if (!File.Exists(path))
        {
            return null;
        }

        return JsonSerializer.Deserialize(File.ReadAllText(path), CheckpointJsonContext.Default.CheckpointState)
            ?? throw new InvalidDataException($"{path}: empty checkpoint state");
    }

    public void Restore(CheckpointState state, Module model, Optimizer optimizer)
    {
        model.Load(Path.Combine(Directory, state.ModelFile));
        optimizer.Load(Path.Combine(Directory, state.OptimizerFile));
    }

    public string Save(string specHash, int epoch, long step, Module model, Optimizer optimizer, List<EpochMetrics> history,
        ScheduleState? schedule = null, EarlyStoppingState? earlyStopping = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var previous = TryLoadState();
        var modelFile = $"epoch-{epoch:D4}.model.pt";
        var optimizerFile = $"epoch-{epoch:D4}.optim.pt";
        model.Save(Path.Combine(Directory, modelFile));
        optimizer.Save(Path.Combine(Directory, optimizerFile));

        var state = new CheckpointState
        {
            SpecHash = specHash, Epoch = epoch, Step = step, ModelFile = modelFile, OptimizerFile = optimizerFile, History = history,
            Schedule = schedule, EarlyStopping = earlyStopping,
        };
        var statePath = Path.Combine(Directory, StateFile);
        var temporary = statePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, CheckpointJsonContext.Default.CheckpointState));
        File.Move(temporary, statePath, overwrite: true);

        if (previous is not null && previous.ModelFile != modelFile)
        {
            File.Delete(Path.Combine(Directory, previous.ModelFile));
            File.Delete(Path.Combine(Directory, previous.OptimizerFile));
        }

        return statePath;
    }

    /// <summary>
    /// Writes the weights of the best validation epoch to best.pt: to a temporary file first, then
    /// renamed over the previous one, so best.pt is always a complete archive.
    /// </summary>
    public string SaveBest(Module model)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, BestFile);
        var temporary = path + ".tmp";
        model.Save(temporary);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public const string BestFile = "best.pt";
}

/// <summary>
/// state.json, the worker's own file (the dashboard never reads it): the same snake_case and
/// non-finite numbers as the events, and the epoch history in the events' form (<see cref="EpochMetrics"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckpointState))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
