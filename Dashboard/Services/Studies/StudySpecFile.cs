using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
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

    /// <summary>Reads a spec; a file that is not one throws <see cref="StudyFileException"/> with the reason.</summary>
    public static StudySpec Parse(string text, Format format)
    {
        JsonNode? tree;
        try
        {
            tree = format == Format.Json ? JsonNode.Parse(text) : FromYaml(text);
        }
        catch (JsonException e)
        {
            throw new StudyFileException($"not valid JSON: {e.Message}");
        }
        catch (YamlException e)
        {
            throw new StudyFileException($"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        if (tree is not JsonObject root)
        {
            throw new StudyFileException("a study spec is an object with a name and a base run spec (docs/api.md)");
        }

        if (root["base"] is not JsonObject)
        {
            throw new StudyFileException("a study spec needs a base run spec: 'base' (docs/api.md)");
        }

        StudySpec? spec;
        try
        {
            spec = tree.Deserialize(StudyJsonContext.Default.StudySpec);
        }
        catch (JsonException e)
        {
            throw new StudyFileException($"not a study spec: {e.Message}");
        }

        if (spec is null || spec.Base is null || spec.Axes is null || spec.Variants is null || string.IsNullOrWhiteSpace(spec.Name))
        {
            throw new StudyFileException("a study spec needs a name and a base run spec (docs/api.md)");
        }

        return spec;
    }

    private static JsonNode? FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(Key(pair.Key), ToJson(pair.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new StudyFileException($"line {node.Start.Line}: anchors and aliases are not supported in a study spec"),
    };

    private static string Key(YamlNode key) => key is YamlScalarNode { Value: { } name }
        ? name
        : throw new StudyFileException($"line {key.Start.Line}: a key must be a plain name");

    // YAML 1.2 core schema for plain scalars; quoted (and block) scalars are strings.
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real) => JsonValue.Create(real),
            _ => JsonValue.Create(value),
        };
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
