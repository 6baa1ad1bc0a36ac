using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Ablation.Contracts.Specs;

/// <summary>
/// Turns System.Text.Json's deserialization errors ("The JSON value could not be converted to
/// System.Int32. Path: $.epochs | LineNumber: 0 …") into the field and what it wants, in words:
/// <c>epochs: a whole number is wanted, got "abc"</c>. What is wanted comes from the serializer's
/// own metadata for the field's type, what was given from the JSON itself, so no .NET type name
/// or reader position reaches a user.
/// </summary>
public static class JsonProblems
{
    /// <summary>The problem <paramref name="e"/> describes, for a document of type <paramref name="root"/> whose tree (when it parses) is <paramref name="tree"/>.</summary>
    public static SpecProblem Describe(JsonException e, JsonTypeInfo root, JsonNode? tree)
    {
        var segments = Segments(e.Path);
        var field = Field(segments);
        var message = e.Message;

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            // The path ends at the unknown name itself: the problem belongs to the object holding it.
            var name = message.Split('\'') is { Length: > 1 } parts ? parts[1] : "?";
            var holder = segments.Count > 0 && segments[^1] is string last && last == name ? segments[..^1] : segments;
            return new SpecProblem(Field(holder), $"unknown field '{name}'");
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = message[(message.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',').Select(n => n.Trim(' ', '\'', '.')).Where(n => n.Length > 0);
            return new SpecProblem(Field([.. segments, .. names.Take(1)]), "is required");
        }

        var info = TypeAt(root, segments);
        var wanted = info is null ? null : Wanted(info);
        var node = NodeAt(tree, segments, out var found);
        var got = found ? Got(node) : null;
        if (wanted is null)
        {
            return new SpecProblem(field, got is null ? "has a value of the wrong kind" : $"cannot be {got}");
        }

        if (IsWhole(info!.Type) && node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && Math.Floor(number) == number)
        {
            var most = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
            return new SpecProblem(field, most == typeof(int)
                ? $"{got} is out of range: a whole number from {int.MinValue.ToString("N0", CultureInfo.InvariantCulture)} to {int.MaxValue.ToString("N0", CultureInfo.InvariantCulture)} is wanted"
                : $"{got} is out of range for a whole number here");
        }

        return new SpecProblem(field, got is null ? $"{wanted} is wanted" : $"{wanted} is wanted, got {got}");
    }

    /// <summary>What a value of this type is, as a user would say it ("a whole number", "a list of numbers", "true or false").</summary>
    public static string? Wanted(JsonTypeInfo info)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement) || type == typeof(object))
        {
            return null; // anything goes
        }

        if (Scalar(type) is { } scalar)
        {
            return scalar;
        }

        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable when info.ElementType is { } element && Plural(element) is { } items => $"a list of {items}",
            JsonTypeInfoKind.Enumerable => "a list",
            JsonTypeInfoKind.Dictionary => "an object of names and values",
            JsonTypeInfoKind.Object => "an object",
            _ => null,
        };
    }

    private static string? Scalar(Type type)
    {
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToList();
            return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
        }

        return IsWhole(type) ? "a whole number"
            : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number"
            : type == typeof(bool) ? "true or false"
            : type == typeof(string) ? "text"
            : null;
    }

    private static string? Plural(Type element)
    {
        element = Nullable.GetUnderlyingType(element) ?? element;
        return IsWhole(element) ? "whole numbers"
            : element == typeof(double) || element == typeof(float) ? "numbers"
            : element == typeof(bool) ? "true or false values"
            : element == typeof(string) ? "text values"
            : null;
    }

    private static bool IsWhole(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
            || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);
    }

    /// <summary>How a message quotes a value: text in quotes, numbers and true/false as written, "a list", "an object".</summary>
    public static string Got(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"\"{JsonTextScanner.Shorten(v.GetValue<string>())}\"",
        _ => JsonTextScanner.Shorten(node.ToJsonString()),
    };

    private static JsonTypeInfo? TypeAt(JsonTypeInfo root, IReadOnlyList<object> segments)
    {
        var info = root;
        foreach (var segment in segments)
        {
            Type? next = segment switch
            {
                string name => info.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType,
                _ => info.ElementType,
            };
            if (next is null || info.Options.TryGetTypeInfo(next, out var nextInfo) is false || nextInfo is null)
            {
                return null;
            }

            info = nextInfo;
        }

        return info;
    }

    private static JsonNode? NodeAt(JsonNode? tree, IReadOnlyList<object> segments, out bool found)
    {
        found = false;
        var node = tree;
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case string name when node is JsonObject o && o.TryGetPropertyValue(name, out var child):
                    node = child;
                    break;
                case int index when node is JsonArray a && index < a.Count:
                    node = a[index];
                    break;
                default:
                    return null;
            }
        }

        found = tree is not null;
        return node;
    }

    private static string Field(IEnumerable<object> segments)
    {
        var field = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment is int index)
            {
                field.Append('[').Append(index).Append(']');
            }
            else
            {
                field.Append(field.Length == 0 ? "" : ".").Append(segment);
            }
        }

        return field.Length == 0 ? "spec" : field.ToString();
    }

    /// <summary>"$.a.b[2]['c d']" → a, b, 2, "c d".</summary>
    private static List<object> Segments(string? path)
    {
        var segments = new List<object>();
        var text = path ?? "";
        var i = text.StartsWith('$') ? 1 : 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = text.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? text.Length : end;
                segments.Add(text[(i + 1)..end]);
                i = end;
            }
            else if (text[i] == '[' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                var end = text.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end;
                segments.Add(text[(i + 2)..end]);
                i = Math.Min(text.Length, end + 2);
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i + 1);
                end = end < 0 ? text.Length : end;
                if (int.TryParse(text[(i + 1)..end], out var index))
                {
                    segments.Add(index);
                }

                i = Math.Min(text.Length, end + 1);
            }
            else
            {
                i++;
            }
        }

        return segments;
    }
}
