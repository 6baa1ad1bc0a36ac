using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ablation.Contracts.Specs;

/// <summary>How deep and how large a JSON text may be before anything is built from it.</summary>
public sealed record JsonTextLimits(int MaxDepth, int MaxValues);

/// <summary>
/// What is wrong with a JSON text, found by reading its tokens once, before any object is built:
/// bad syntax, nesting deeper or more values than the limits allow, a key given twice, a number no
/// double can hold (1e400), text with half a surrogate pair. System.Text.Json would read 1e400 as
/// infinity, take the last of two equal keys, or fail later with an internal message; refusing
/// here gives every reader of a spec one clear line per problem, in time and memory bounded by the
/// text and the limits (no recursion, no tree).
/// </summary>
public static class JsonTextScanner
{
    /// <summary>Most problems reported at once: a file of a thousand 1e400s needs one line, not a thousand.</summary>
    private const int MaxProblems = 10;

    /// <summary>
    /// Empty when the text is fine; else each field (dotted path, "spec" for the whole text) and
    /// what is wrong with it. Numbers and text that cannot be held are all reported; a problem of
    /// the text's shape (syntax, depth, size, a key twice) ends the reading.
    /// </summary>
    public static IReadOnlyList<SpecProblem> Scan(string json, JsonTextLimits limits, bool allowComments = false)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            // One more than ours, so that our own check (with the field's path) speaks first.
            MaxDepth = limits.MaxDepth + 1,
            CommentHandling = allowComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            AllowTrailingCommas = allowComments,
        });
        var path = new List<Frame>();
        var problems = new List<SpecProblem>();
        var values = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var frame = path[^1];
                        if (!TryReadString(ref reader, out var name))
                        {
                            frame.Name = null; // the broken key is not a name to quote: the object holding it is
                            return [.. problems, Broken(path)];
                        }

                        frame.Keys ??= new HashSet<string>(StringComparer.Ordinal);
                        if (!frame.Keys.Add(name))
                        {
                            return [.. problems, new SpecProblem(Field(path, name), $"is given twice{Where(json, reader)}")];
                        }

                        frame.Name = name;
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        continue;
                }

                // A value: count it, and step an enclosing list on to its next index.
                if (++values > limits.MaxValues)
                {
                    return [.. problems, new SpecProblem("spec", $"holds more than {limits.MaxValues.ToString("N0", CultureInfo.InvariantCulture)} values (numbers, text, lists, objects), the most one spec may hold")];
                }

                if (path.Count > 0 && path[^1].IsList)
                {
                    path[^1].Index++;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (path.Count >= limits.MaxDepth)
                        {
                            return [.. problems, new SpecProblem(Field(path), $"nests deeper than {limits.MaxDepth} levels of objects and lists{Where(json, reader)}")];
                        }

                        path.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.Number:
                        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                        {
                            problems.Add(new SpecProblem(Field(path), $"{Shorten(Encoding.UTF8.GetString(reader.ValueSpan))} is not a finite number{Where(json, reader)}"));
                        }

                        break;
                    case JsonTokenType.String:
                        if (!TryReadString(ref reader, out _))
                        {
                            problems.Add(Broken(path));
                        }

                        break;
                }

                if (problems.Count >= MaxProblems)
                {
                    return problems;
                }
            }
        }
        catch (JsonException e)
        {
            return [.. problems, new SpecProblem("spec", SyntaxError(e))];
        }

        return problems;
    }

    /// <summary>
    /// System.Text.Json's own reading error in a user's words: where it is (line and column,
    /// counted from 1) and what the reader expected, without "LineNumber: 0 | BytePositionInLine: 5" or a type's name.
    /// </summary>
    public static string SyntaxError(JsonException e)
    {
        var message = e.Message;
        foreach (var cut in new[] { " Path:", " LineNumber:", " | LineNumber" })
        {
            var at = message.IndexOf(cut, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        return e.LineNumber is { } line
            ? $"not valid JSON at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {message.Trim()}"
            : $"not valid JSON: {message.Trim()}";
    }

    /// <summary>A value as a message quotes it: at most 40 characters.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static bool TryReadString(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            // "\ud800" alone: JSON can spell it, no text can hold it.
            text = "";
            return false;
        }
    }

    private static SpecProblem Broken(List<Frame> path) =>
        new(Field(path), "is not valid text (it holds half of a surrogate pair, such as \\ud800 alone)");

    /// <summary>" (line N)" in a text of several lines; nothing in one line, where it says nothing.</summary>
    private static string Where(string json, Utf8JsonReader reader) => json.Contains('\n') ? $" (line {Line(json, reader)})" : "";

    private static long Line(string json, Utf8JsonReader reader)
    {
        // The reader counts lines only through its exceptions; count them in the bytes read so far.
        var consumed = (int)Math.Min(reader.TokenStartIndex, int.MaxValue);
        var line = 1;
        var seen = 0;
        foreach (var c in json)
        {
            if (seen >= consumed)
            {
                break;
            }

            seen += c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsSurrogate(c) ? 2 : 3;
            if (c == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private static string Field(List<Frame> path, string? last = null)
    {
        var field = new StringBuilder();
        foreach (var frame in path)
        {
            if (frame.IsList)
            {
                field.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is { } name && !ReferenceEquals(frame, path[^1]))
            {
                field.Append(field.Length == 0 ? "" : ".").Append(name);
            }
        }

        // The innermost object's current key names the value being read.
        if (path.Count > 0 && !path[^1].IsList && (last ?? path[^1].Name) is { } key)
        {
            field.Append(field.Length == 0 ? "" : ".").Append(key);
        }

        return field.Length == 0 ? "spec" : field.ToString();
    }

    private sealed class Frame(bool isList)
    {
        public bool IsList { get; } = isList;

        /// <summary>Lists: the index of the value read last (-1 before the first).</summary>
        public int Index { get; set; } = -1;

        /// <summary>Objects: the key read last, and every key so far (to refuse one given twice).</summary>
        public string? Name { get; set; }

        public HashSet<string>? Keys { get; set; }
    }
}
