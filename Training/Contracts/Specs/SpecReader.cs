using System.Globalization;
using System.Text.Json;

namespace Ablation.Contracts.Specs;

/// <summary>Reads a run spec from JSON, turning every parse problem into a <see cref="SpecException"/>.</summary>
public static class SpecReader
{
    /// <summary>
    /// The most a run spec file may nest and hold. A run spec is about three levels deep and a
    /// hundred values; these leave room for long layer lists and refuse a hostile file cheaply.
    /// </summary>
    /// <summary>The largest run spec file read: a spec is a few kilobytes.</summary>
    public const long MaxFileBytes = 1 << 20;

    public static readonly JsonTextLimits Limits = new(MaxDepth: 16, MaxValues: 10_000);

    public static RunSpec Parse(string json)
    {
        // Syntax, size, keys given twice and numbers such as 1e400 (which would read as infinity)
        // are refused before anything is built, naming the field.
        if (JsonTextScanner.Scan(json, Limits, allowComments: true) is { Count: > 0 } problems)
        {
            throw new SpecException(problems);
        }

        RunSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(json, SpecJsonContext.Default.RunSpec);
        }
        catch (JsonException e)
        {
            var described = JsonProblems.Describe(e, SpecJsonContext.Default.RunSpec, Tree(json));
            throw new SpecException(described.Field, described.Message);
        }

        if (spec is null)
        {
            throw new SpecException("spec", "is empty (expected a JSON object)");
        }

        SpecValidator.ThrowIfInvalid(spec);
        return spec;
    }

    public static RunSpec ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new SpecException(path, "file not found");
        }

        var size = new FileInfo(path).Length;
        if (size > MaxFileBytes)
        {
            throw new SpecException(path, $"is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes; a run spec file is at most {MaxFileBytes.ToString("N0", CultureInfo.InvariantCulture)}");
        }

        return Parse(File.ReadAllText(path));
    }

    public static string ToJson(RunSpec spec) => JsonSerializer.Serialize(spec, SpecJsonContext.Default.RunSpec);

    /// <summary>Compact canonical JSON: the same resolved spec always gives the same text.</summary>
    public static string ToCanonicalJson(RunSpec spec) =>
        JsonSerializer.Serialize(spec, new SpecJsonContext(new JsonSerializerOptions(SpecJsonContext.Default.Options) { WriteIndented = false }).RunSpec);

    /// <summary>The spec as a tree, to quote the value a field was given; null when it does not parse.</summary>
    private static System.Text.Json.Nodes.JsonNode? Tree(string json)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json, documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
