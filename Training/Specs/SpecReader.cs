using System.Text.Json;

namespace Ablation.Training.Specs;

/// <summary>Reads a run spec from JSON, turning every parse problem into a <see cref="SpecException"/>.</summary>
public static class SpecReader
{
    public static RunSpec Parse(string json)
    {
        RunSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(json, SpecJsonContext.Default.RunSpec);
        }
        catch (JsonException e)
        {
            throw new SpecException(FieldOf(e.Path), Describe(e));
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

        return Parse(File.ReadAllText(path));
    }

    public static string ToJson(RunSpec spec) => JsonSerializer.Serialize(spec, SpecJsonContext.Default.RunSpec);

    /// <summary>Compact canonical JSON: the same resolved spec always gives the same text.</summary>
    public static string ToCanonicalJson(RunSpec spec) =>
        JsonSerializer.Serialize(spec, new SpecJsonContext(new JsonSerializerOptions(SpecJsonContext.Default.Options) { WriteIndented = false }).RunSpec);

    private static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "spec" : jsonPath.TrimStart('$', '.');

    private static string Describe(JsonException e)
    {
        // System.Text.Json's messages carry type names and positions meant for developers; keep the
        // part a user can act on.
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = message.Split('\'') is { Length: > 1 } parts ? parts[1] : "?";
            return $"unknown field '{name}'";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "has the wrong type" + (e.LineNumber is { } line ? $" (line {line + 1})" : "");
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "is not valid JSON: " + (cut > 0 ? message[..cut] : message);
    }
}
