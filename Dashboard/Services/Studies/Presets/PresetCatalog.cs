using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Dashboard.Services.Studies.Presets;

/// <summary>
/// The presets shipped in <c>Dashboard/Presets/*.json</c> (embedded in the assembly), and how one
/// becomes a study spec: full or quick, on its own data set or on its stand-in.
/// </summary>
public static class PresetCatalog
{
    private const string ResourcePrefix = "Ablation.Dashboard.Presets.";

    // Fields that only make sense for the preset's own data set; a stand-in keeps its own.
    private static readonly string[] _dataSetSpecific = ["image_size", "channels", "label_set"];

    private static readonly Lazy<IReadOnlyList<StudyPreset>> _all = new(Load);

    /// <summary>
    /// Seeds per cell of a quick version: one, so it finishes in minutes on a CPU. The full studies
    /// keep the repeats their file gives (3: a single seed cannot tell an effect from noise).
    /// </summary>
    public const int QuickRepeats = 1;

    /// <summary>Every preset, in study order (A, B, …).</summary>
    public static IReadOnlyList<StudyPreset> All => _all.Value;

    public static StudyPreset? Find(string id) => All.FirstOrDefault(p => p.Id == id);

    /// <summary>Reads one preset file; a malformed one is a bug of this repository, named with its file.</summary>
    public static StudyPreset Parse(string json, string file)
    {
        try
        {
            var preset = JsonSerializer.Deserialize(json, PresetJsonContext.Default.StudyPreset) ?? throw new JsonException("empty");
            _ = JsonSerializer.Deserialize(preset.Study.ToJsonString(), StudyJsonContext.Default.StudySpec) ?? throw new JsonException("no study");
            return preset;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"preset {file}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The study spec of a preset: the full study, or the quick version (its fields set on the
    /// baseline); with <paramref name="standIn"/> on the preset's stand-in data set. The spec
    /// remembers the preset, so the results page can set the report's numbers beside its own.
    /// </summary>
    public static StudySpec Build(StudyPreset preset, PresetScale scale, bool standIn = false)
    {
        var study = (JsonObject)preset.Study.DeepClone();
        if (scale == PresetScale.Quick && preset.Quick.Axes is { } axes)
        {
            study["axes"] = axes.DeepClone();
        }

        var spec = JsonSerializer.Deserialize(study.ToJsonString(), StudyJsonContext.Default.StudySpec)!;
        if (scale == PresetScale.Quick)
        {
            spec.Repeats = QuickRepeats;
        }

        var baseSpec = (JsonObject)spec.Base.DeepClone();
        var name = spec.Name;
        if (scale == PresetScale.Quick)
        {
            foreach (var (path, value) in preset.Quick.Set)
            {
                GridExpander.Write(baseSpec, path, value?.DeepClone());
            }

            name += " (quick)";
        }

        if (standIn)
        {
            if (preset.StandIn is null)
            {
                throw new StudyException("preset", $"{preset.Id} has no stand-in data set");
            }

            var data = baseSpec["data"] as JsonObject ?? [];
            data["dataset"] = preset.StandIn;
            foreach (var field in _dataSetSpecific)
            {
                data.Remove(field);
            }

            baseSpec["data"] = data;
            name += $" on {preset.StandIn}";
        }

        return spec with { Name = name, Base = baseSpec, Preset = preset.Id };
    }

    private static List<StudyPreset> Load()
    {
        var assembly = typeof(PresetCatalog).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return Parse(reader.ReadToEnd(), n[ResourcePrefix.Length..]);
            })
            .OrderBy(p => p.Letter, StringComparer.Ordinal)
            .ThenBy(p => p.Id.Length == 1 ? 0 : 1) // a study's main preset (b) before its companions (b-sweeps)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
    }
}
