using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ablation.Contracts.Evaluation;

namespace Ablation.Contracts.Events;

/// <summary>What kind of line <see cref="RunEventJson.Read"/> could not take.</summary>
public enum EventLineProblem
{
    /// <summary>Not a JSON object with an "event" name: stray output, or a line a killed writer left half-written.</summary>
    NotAnEvent,

    /// <summary>An event this schema does not have (a newer minor version's, or a typo).</summary>
    UnknownEvent,

    /// <summary>Written in a major version of the schema this reader does not know.</summary>
    UnsupportedSchema,

    /// <summary>A known event whose fields do not fit the schema (a required field missing, a wrong type).</summary>
    Invalid,
}

/// <summary>One line read: the event, or why there is none, in words for a log or a run's error.</summary>
public sealed record EventLine(RunEvent? Event, EventLineProblem? Problem, string? Message)
{
    public static EventLine Of(RunEvent e) => new(e, null, null);

    public static EventLine Refused(EventLineProblem problem, string message) => new(null, problem, message);
}

/// <summary>
/// The one JSON form of the worker's events, for both directions: the worker writes each event with
/// <see cref="Serialize"/>, the dashboard reads each line with <see cref="Read"/>. snake_case names,
/// the "event" name first, absent rather than null optional fields, and numbers JSON cannot hold
/// (a diverged loss) as the strings "NaN", "Infinity", "-Infinity".
/// </summary>
public static class RunEventJson
{
    public const string EventProperty = "event";
    public const string SchemaProperty = "schema";

    // Layer names such as "Conv2d(1→32)" stay readable: the default encoder escapes every non-ASCII character.
    internal static ContractJsonContext Context { get; } = new(new JsonSerializerOptions(ContractJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // The names are those of RunEvent's [JsonDerivedType] attributes, as the context holds them: written once.
    private static readonly IReadOnlyList<(Type Type, string Name)> _derived =
        [.. ContractJsonContext.Default.RunEvent.PolymorphismOptions!.DerivedTypes.Select(d => (d.DerivedType, (string)d.TypeDiscriminator!))];

    private static readonly Dictionary<Type, string> _names = _derived.ToDictionary(d => d.Type, d => d.Name);

    private static readonly HashSet<string> _known = [.. _names.Values];

    /// <summary>Every event name of the schema, in the order of the attributes (and of docs/worker.md).</summary>
    public static IReadOnlyList<string> EventNames { get; } = [.. _derived.Select(d => d.Name)];

    /// <summary>The wire name of an event type ("start" for <see cref="StartEvent"/>).</summary>
    public static string NameOf(Type eventType) =>
        _names.TryGetValue(eventType, out var name) ? name : throw new ArgumentException($"{eventType.Name} is not an event of the schema", nameof(eventType));

    /// <summary>The event as one line of JSON (no line break).</summary>
    public static string Serialize(RunEvent e) => JsonSerializer.Serialize(e, Context.RunEvent);

    /// <summary>
    /// Reads one line. Never throws: a line that is no event, an event this schema does not have,
    /// a line of a newer major schema, or an event whose fields do not fit comes back refused,
    /// with a message that names the line's event and what is wrong.
    /// </summary>
    public static EventLine Read(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || line.TrimStart()[0] != '{')
        {
            return EventLine.Refused(EventLineProblem.NotAnEvent, "not a JSON object");
        }

        string? name;
        string? schemaText;
        try
        {
            (name, schemaText) = Peek(line);
        }
        catch (JsonException)
        {
            return EventLine.Refused(EventLineProblem.NotAnEvent, "not valid JSON (a line cut short?)");
        }

        if (name is null)
        {
            return EventLine.Refused(EventLineProblem.NotAnEvent, $"no \"{EventProperty}\" name");
        }

        if (schemaText is not null)
        {
            if (!EventSchema.TryParse(schemaText, out var schema))
            {
                return EventLine.Refused(EventLineProblem.UnsupportedSchema,
                    $"'{name}' event: schema '{schemaText}' is not a version (MAJOR.MINOR such as {EventSchema.Current})");
            }

            if (!schema.IsReadable)
            {
                return EventLine.Refused(EventLineProblem.UnsupportedSchema,
                    $"'{name}' event: written in event schema {schema}, but this program reads schema {EventSchema.Current.Major}.x "
                    + $"(up to {EventSchema.Current}); update it to read this run");
            }
        }

        if (!_known.Contains(name))
        {
            return EventLine.Refused(EventLineProblem.UnknownEvent,
                $"unknown event '{name}' (schema {EventSchema.Current} has {string.Join(", ", EventNames)})");
        }

        try
        {
            var e = JsonSerializer.Deserialize(line, Context.RunEvent);
            return e is null ? EventLine.Refused(EventLineProblem.NotAnEvent, "null") : EventLine.Of(e);
        }
        catch (JsonException e)
        {
            return EventLine.Refused(EventLineProblem.Invalid, $"'{name}' event: {Describe(e)}");
        }
    }

    /// <summary>Final metrics as the JSON object the final event holds (the dashboard stores it so).</summary>
    public static string SerializeMetrics(IReadOnlyDictionary<string, double?> metrics) =>
        JsonSerializer.Serialize(metrics as Dictionary<string, double?> ?? new Dictionary<string, double?>(metrics), Context.DictionaryStringNullableDouble);

    /// <summary>The event name and schema of a line, without building the event; null where the line has none.</summary>
    private static (string? Name, string? Schema) Peek(string line)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(line));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return (null, null);
        }

        string? name = null, schema = null;
        var schemaSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            if (property == EventProperty && reader.TokenType == JsonTokenType.String)
            {
                name = reader.GetString();
            }
            else if (property == SchemaProperty)
            {
                schemaSeen = true;
                schema = reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString().ToLowerInvariant();
            }
            else
            {
                reader.Skip();
            }
        }

        // The object must be whole: a line cut short is no event.
        if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0)
        {
            throw new JsonException("incomplete");
        }

        return (name, schemaSeen ? schema : null);
    }

    /// <summary>System.Text.Json's message in the schema's words: which fields are missing, or where a value does not fit.</summary>
    private static string Describe(JsonException e)
    {
        const string missing = "missing required properties including: ";
        var message = e.Message;
        var at = message.IndexOf(missing, StringComparison.Ordinal);
        if (at >= 0)
        {
            return "missing " + message[(at + missing.Length)..].TrimEnd('.');
        }

        // Our own converters' messages are already in the schema's words.
        if (e.InnerException is null && !message.Contains("System.", StringComparison.Ordinal) && !message.Contains("Ablation.", StringComparison.Ordinal))
        {
            return message;
        }

        return e.Path is { Length: > 1 } path ? $"the value at {path[2..]} does not fit the schema" : "its fields do not fit the schema";
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(RunEvent))]
[JsonSerializable(typeof(RunEvaluation))]
[JsonSerializable(typeof(Dictionary<string, double?>))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;
