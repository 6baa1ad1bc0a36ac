using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ablation.Contracts.Specs;
using YamlDotNet.Serialization;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>A study spec file that cannot be read: the message names the line (YAML) or the field.</summary>
public sealed class StudyFileException(string message) : Exception(message);

/// <summary>
/// A study spec as a file, YAML or JSON, the way sweep configs are kept in a repository. Both
/// carry the same tree as <see cref="StudyJsonContext"/>'s JSON (snake_case names, docs/api.md):
/// YAML is read into that tree (plain scalars typed as YAML 1.2's core schema types them, quoted
/// ones always strings) and written from it, so a spec survives JSON → YAML → JSON unchanged.
/// </summary>
public static class StudySpecFile
{
    /// <summary>The file formats, by the extension or media type that names them.</summary>
    public enum Format
    {
        Json,
        Yaml,
    }

    private static readonly JsonSerializerOptions _indented = new() { WriteIndented = true };

    /// <summary>The spec as indented JSON.</summary>
    public static string ToJson(StudySpec spec) =>
        JsonSerializer.Serialize(JsonSerializer.SerializeToNode(spec, StudyJsonContext.Default.StudySpec), _indented);

    /// <summary>The spec as YAML (block style, strings quoted only where YAML would read them as something else).</summary>
    public static string ToYaml(StudySpec spec)
    {
        var tree = ToPlain(JsonSerializer.SerializeToNode(spec, StudyJsonContext.Default.StudySpec));
        var yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
        return $"# Ablation Dashboard study spec (docs/api.md); import it from the editor or POST it to /api/studies\n{yaml.Serialize(tree)}";
    }

    /// <summary>The format a file name's extension or a request's media type names; null when neither does.</summary>
    public static Format? FormatOf(string? nameOrMediaType)
    {
        var value = (nameOrMediaType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return value switch
        {
            _ when value.EndsWith(".yaml", StringComparison.Ordinal) || value.EndsWith(".yml", StringComparison.Ordinal) => Format.Yaml,
            "application/yaml" or "application/x-yaml" or "text/yaml" or "text/x-yaml" => Format.Yaml,
            _ when value.EndsWith(".json", StringComparison.Ordinal) || value is "application/json" or "text/json" => Format.Json,
            _ => null,
        };
    }

    /// <summary>
    /// Reads a spec; a file that is not one throws <see cref="StudyFileException"/> with the reason,
    /// in words, naming the line or the field. The text is read within <see cref="StudyLimits"/>
    /// (size, nesting, values; no YAML anchors or aliases, no key given twice, no number beyond a
    /// double such as 1e400) before any object is built, so a hostile file is refused cheaply.
    /// </summary>
    public static StudySpec Parse(string text, Format format)
    {
        // A UTF-16 character is at most three UTF-8 bytes: only a text past a third of the limit needs counting.
        if (text.Length > StudyLimits.MaxSpecBytes / 3 && Encoding.UTF8.GetByteCount(text) is var bytes && bytes > StudyLimits.MaxSpecBytes)
        {
            throw new StudyFileException($"the spec is {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes; a study spec is at most {StudyLimits.MaxSpecBytes.ToString("N0", CultureInfo.InvariantCulture)}");
        }

        var tree = format == Format.Json ? FromJson(text) : SpecYamlReader.Read(text);
        if (tree is not JsonObject root)
        {
            throw new StudyFileException("a study spec is an object with a name and a base run spec (docs/api.md)");
        }

        if (!root.ContainsKey("name"))
        {
            throw new StudyFileException("a study spec needs a name: 'name' (docs/api.md)");
        }

        if (root["base"] is not JsonObject)
        {
            throw new StudyFileException("a study spec needs a base run spec: 'base' (docs/api.md)");
        }

        StudySpec? spec;
        try
        {
            spec = root.Deserialize(StudyInputJsonContext.Default.StudySpec);
        }
        catch (JsonException e)
        {
            var problem = JsonProblems.Describe(e, StudyInputJsonContext.Default.StudySpec, root);
            throw new StudyFileException(problem.Field == "spec" ? problem.Message : problem.ToString());
        }

        if (spec is null || spec.Base is null || string.IsNullOrWhiteSpace(spec.Name))
        {
            throw new StudyFileException("a study spec needs a name and a base run spec (docs/api.md)");
        }

        ThrowIfIncomplete(spec);
        return spec;
    }

    private static JsonNode? FromJson(string text)
    {
        if (JsonTextScanner.Scan(text, StudyLimits.Document) is { Count: > 0 } problems)
        {
            throw new StudyFileException(string.Join("; ", problems.Select(p => p.Field == "spec" ? p.Message : p.ToString())));
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = StudyLimits.MaxDepth + 1 });
        }
        catch (JsonException e)
        {
            throw new StudyFileException(JsonTextScanner.SyntaxError(e));
        }
    }

    /// <summary>A field the JSON left null or out, which the records cannot say themselves: every axis needs a name, a path and values, every variant a name and fields.</summary>
    private static void ThrowIfIncomplete(StudySpec spec)
    {
        string? Missing()
        {
            if (spec.Description is null)
            {
                return "description: text is wanted, got null";
            }

            if (spec.Axes is null)
            {
                return "axes: a list is wanted, got null";
            }

            if (spec.Variants is null)
            {
                return "variants: a list is wanted, got null";
            }

            for (var i = 0; i < spec.Axes.Count; i++)
            {
                var axis = spec.Axes[i];
                var missing = axis is null ? "" : axis.Name is null ? ".name" : axis.Path is null ? ".path" : axis.Values is null ? ".values" : null;
                if (missing is not null)
                {
                    return $"axes[{i}]{missing}: is required (an axis is {{\"name\", \"path\", \"values\"}})";
                }
            }

            for (var i = 0; i < spec.Variants.Count; i++)
            {
                var variant = spec.Variants[i];
                var missing = variant is null ? "" : variant.Name is null ? ".name" : variant.Set is null ? ".set" : null;
                if (missing is not null)
                {
                    return $"variants[{i}]{missing}: is required (a variant is {{\"name\", \"set\"}})";
                }
            }

            return null;
        }

        if (Missing() is { } problem)
        {
            throw new StudyFileException(problem);
        }
    }

    // The JSON tree as dictionaries, lists and scalars, which YamlDotNet's serializer writes.
    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<long>(out var l) => l,
        JsonValue value when value.TryGetValue<double>(out var d) => d,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}

// What a file or API body is read with: StudyJsonContext's names, and unknown fields refused, as in
// a run spec ("axis" for "axes" would otherwise make a one-cell study). Stored specs keep the
// lenient context, so a study saved by an older version with a field since dropped still opens.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(StudySpec))]
internal sealed partial class StudyInputJsonContext : JsonSerializerContext;
