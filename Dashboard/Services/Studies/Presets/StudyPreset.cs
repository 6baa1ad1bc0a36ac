using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ablation.Dashboard.Services.Studies.Presets;

/// <summary>
/// One study of <c>studies.md</c> as a ready study (<c>Dashboard/Presets/*.json</c>): the full-scale
/// study as the report ran it, the overrides that make its quick version, the data set it needs and
/// a stand-in for when that is missing, and the numbers the report measured.
/// </summary>
public sealed record StudyPreset
{
    public required string Id { get; set; }

    /// <summary>The study's letter in studies.md (A–E).</summary>
    public required string Letter { get; set; }

    public required string Title { get; set; }
    public string Source { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>The data set the study needs (a <c>data.dataset</c> value).</summary>
    public required string Dataset { get; set; }

    /// <summary>A data set that is always there to run on instead, or null when the study has none.</summary>
    public string? StandIn { get; set; }

    /// <summary>The final metric the reported values are compared with, unless an entry names its own.</summary>
    public string ReportedMetric { get; set; } = "test_accuracy";

    public List<ReportedValue> Reported { get; set; } = [];

    /// <summary>What the report found that is not a number per cell.</summary>
    public List<string> Notes { get; set; } = [];

    /// <summary>The full-scale study (a study spec, docs/api.md).</summary>
    public required JsonObject Study { get; set; }

    public required QuickVersion Quick { get; set; }
}

/// <summary>A number the report gave for one cell: the cell's axis values, and the metric when not the preset's.</summary>
public sealed record ReportedValue
{
    public required Dictionary<string, string> Cell { get; set; }
    public string? Metric { get; set; }
    public required double Value { get; set; }
    public string? Note { get; set; }
}

/// <summary>The quick version: run-spec fields set on the full study's baseline (data.subset, epochs, …), and optionally fewer axes.</summary>
public sealed record QuickVersion
{
    public required Dictionary<string, JsonNode?> Set { get; set; }

    /// <summary>Axes that replace the full study's (fewer cells), or null to keep them.</summary>
    public JsonArray? Axes { get; set; }

    public string Note { get; set; } = "";
}

/// <summary>Which version of a preset to open.</summary>
public enum PresetScale
{
    Quick,
    Full,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(StudyPreset))]
internal sealed partial class PresetJsonContext : JsonSerializerContext;
