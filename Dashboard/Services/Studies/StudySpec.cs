using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ablation.Dashboard.Services.Studies;

public enum GridMode
{
    /// <summary>Every combination of every axis value.</summary>
    Full,

    /// <summary>The baseline, then each axis value other than the baseline's, one axis at a time.</summary>
    OneFactorAtATime,

    /// <summary>An explicit list of named variants, each a set of overrides of the baseline.</summary>
    Variants,
}

/// <summary>
/// One axis of a grid: a display name ("bn"), the run-spec field it sets ("model.batch_norm") and
/// the values it takes, as JSON so that a list (a block order) is as easy as a number.
/// </summary>
public sealed record Axis(string Name, string Path, IReadOnlyList<JsonNode?> Values);

/// <summary>A named variant: the fields it sets on the baseline ("+norm" sets model.batch_norm).</summary>
public sealed record Variant(string Name, IReadOnlyDictionary<string, JsonNode?> Set);

// Settable, not init-only: System.Text.Json's source generator assigns every init-only property,
// so a field the JSON omits would become null instead of keeping the default below.

/// <summary>What the study editor produces: a base run spec, the axes or variants, and repeats.</summary>
public sealed record StudySpec
{
    public required string Name { get; set; }
    public string Description { get; set; } = "";

    /// <summary>The baseline run spec (the run-spec JSON of docs/run-spec.md).</summary>
    public required JsonObject Base { get; set; }

    public IReadOnlyList<Axis> Axes { get; set; } = [];
    public GridMode Mode { get; set; } = GridMode.Full;
    public IReadOnlyList<Variant> Variants { get; set; } = [];

    /// <summary>Seeds per cell: base seed, base seed + 1, ….</summary>
    public int Repeats { get; set; } = 1;

    /// <summary>The preset the study was made from (Presets/*.json), so results can stand beside the report's numbers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Preset { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StudySpec))]
internal sealed partial class StudyJsonContext : JsonSerializerContext;
