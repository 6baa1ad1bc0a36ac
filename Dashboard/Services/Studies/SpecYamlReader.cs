using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Contracts.Specs;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>
/// Reads the first YAML document of a study spec into the JSON tree <see cref="StudySpecFile"/>
/// works on, event by event, within <see cref="StudyLimits.Document"/>. YamlDotNet's YamlStream
/// would resolve aliases by reference, and copying that graph into a tree is exponential: six
/// levels of nine aliases ("billion laughs", 300 bytes) took gigabytes. Here an anchor or alias
/// is refused where it stands, before anything is copied, and nesting and the count of values
/// are bounded as they are read, so a hostile file costs no more than its own bytes.
/// Plain scalars are typed as YAML 1.2's core schema types them; quoted and block ones are text.
/// </summary>
internal static class SpecYamlReader
{
    public static JsonNode? Read(string text)
    {
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        var stack = new List<Open>();
        var values = 0;
        JsonNode? root = null;
        var done = false;
        var last = Mark.Empty;
        try
        {
            while (!done && parser.MoveNext())
            {
                var e = parser.Current!;
                last = e.Start;
                switch (e)
                {
                    case AnchorAlias alias:
                        throw Refuse(e.Start, $"*{alias.Value} is an alias; anchors and aliases (& and *) are not supported in a study spec, write the value out");
                    case NodeEvent { Anchor.IsEmpty: false } anchored:
                        throw Refuse(e.Start, $"&{anchored.Anchor.Value} is an anchor; anchors and aliases (& and *) are not supported in a study spec, write the value out");
                    case MappingStart or SequenceStart or Scalar:
                        if (++values > StudyLimits.MaxValues)
                        {
                            throw Refuse(e.Start, $"the spec holds more than {StudyLimits.MaxValues.ToString("N0", CultureInfo.InvariantCulture)} values (numbers, text, lists, objects), the most one spec may hold");
                        }

                        var expectsKey = stack.Count > 0 && stack[^1].Node is JsonObject && stack[^1].Key is null;
                        if (e is Scalar scalar && expectsKey)
                        {
                            SetKey(stack[^1], scalar.Value ?? "", e.Start);
                        }
                        else if (e is Scalar value)
                        {
                            Place(stack, Value(value), ref root);
                            done = stack.Count == 0;
                        }
                        else if (expectsKey)
                        {
                            throw Refuse(e.Start, "a key must be a plain name, not a list or an object");
                        }
                        else if (stack.Count >= StudyLimits.MaxDepth)
                        {
                            throw Refuse(e.Start, $"the spec nests deeper than {StudyLimits.MaxDepth} levels of objects and lists");
                        }
                        else
                        {
                            JsonNode container = e is MappingStart ? new JsonObject() : new JsonArray();
                            Place(stack, container, ref root);
                            stack.Add(new Open(container));
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        stack.RemoveAt(stack.Count - 1);
                        done = stack.Count == 0;
                        break;
                    case DocumentEnd:
                        done = true; // only the first document is the spec
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new StudyFileException($"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {Reason(e)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails so on some broken flow collections ("a: [1, 2\nb: 3").
            throw new StudyFileException($"not valid YAML near line {last.Line}, column {last.Column}: a list or object is not closed");
        }

        return root;
    }

    /// <summary>Puts a value where the parser is: the document's root, the next item of a list, or the value of the key before it.</summary>
    private static void Place(List<Open> stack, JsonNode? value, ref JsonNode? root)
    {
        if (stack.Count == 0)
        {
            root = value;
            return;
        }

        var open = stack[^1];
        if (open.Node is JsonArray list)
        {
            list.Add(value);
        }
        else
        {
            ((JsonObject)open.Node)[open.Key!] = value;
            open.Key = null;
        }
    }

    private static void SetKey(Open open, string name, Mark at)
    {
        if (((JsonObject)open.Node).ContainsKey(name))
        {
            throw Refuse(at, $"'{JsonTextScanner.Shorten(StudyLimits.Printable(name))}' is given twice in one object");
        }

        open.Key = name;
    }

    // YAML 1.2 core schema for plain scalars; quoted (and block) scalars are strings.
    private static JsonNode? Value(Scalar scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                throw Refuse(scalar.Start, $"{value} is not a finite number; a spec's numbers are finite (write it in quotes for text)");
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        if (IsNumber(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return double.IsFinite(real)
                ? JsonValue.Create(real)
                : throw Refuse(scalar.Start, $"{JsonTextScanner.Shorten(value)} is not a finite number (no number this large can be held; write it in quotes for text)");
        }

        return JsonValue.Create(value);
    }

    /// <summary>YAML 1.2's float form: [-+]? ( . digits | digits [ . digits? ] ) ( [eE] [-+]? digits )?.</summary>
    private static bool IsNumber(string value)
    {
        var i = value.Length > 0 && value[0] is '-' or '+' ? 1 : 0;
        var digits = 0;
        while (i < value.Length && char.IsAsciiDigit(value[i]))
        {
            i++;
            digits++;
        }

        if (i < value.Length && value[i] == '.')
        {
            i++;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < value.Length && value[i] is 'e' or 'E')
        {
            i++;
            i += i < value.Length && value[i] is '-' or '+' ? 1 : 0;
            var exponent = 0;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                i++;
                exponent++;
            }

            if (exponent == 0)
            {
                return false;
            }
        }

        return i == value.Length;
    }

    /// <summary>YamlDotNet's message without its "(Line: 3, Col: 1, Idx: 16) - (…): " prefix, which the caller says in words.</summary>
    private static string Reason(YamlException e)
    {
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0 ? message[(cut + 3)..] : message;
    }

    private static StudyFileException Refuse(Mark at, string message) => new($"line {at.Line}, column {at.Column}: {message}");

    private sealed class Open(JsonNode node)
    {
        public JsonNode Node { get; } = node;

        /// <summary>Objects: the key whose value comes next; null when a key comes next.</summary>
        public string? Key { get; set; }
    }
}
