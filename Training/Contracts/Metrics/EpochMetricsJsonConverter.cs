using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ablation.Contracts.Metrics;

/// <summary>
/// Writes <see cref="EpochMetrics"/> as the flat object of docs/worker.md and reads it back. Every
/// <c>SPLIT_METRIC</c> name comes from <see cref="SplitMetric"/>, so a metric added to
/// <see cref="Metric.All"/> is written and read with no change here. Names this reader does not
/// know (a newer writer's metric) are skipped; a value that is null is absent. Numbers JSON cannot
/// hold are the strings "NaN", "Infinity" and "-Infinity", as everywhere in the worker's output.
/// </summary>
public sealed class EpochMetricsJsonConverter : JsonConverter<EpochMetrics>
{
    private const string EpochName = "epoch";

    public override EpochMetrics Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("epoch metrics must be an object");
        }

        int? epoch = null;
        double? lr = null, trainSeconds = null, epochSeconds = null, samplesPerSecond = null;
        var scores = new Dictionary<Split, List<(Metric, double?)>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case EpochName:
                    epoch = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var e) ? e
                        : throw new JsonException("epoch metrics: 'epoch' must be a whole number");
                    break;
                case EpochValues.Lr:
                    lr = ReadNumber(ref reader, name);
                    break;
                case EpochValues.TrainSeconds:
                    trainSeconds = ReadNumber(ref reader, name);
                    break;
                case EpochValues.EpochSeconds:
                    epochSeconds = ReadNumber(ref reader, name);
                    break;
                case EpochValues.SamplesPerSecond:
                    samplesPerSecond = ReadNumber(ref reader, name);
                    break;
                default:
                    if (SplitMetric.FromKey(name) is { } key)
                    {
                        var value = ReadNumber(ref reader, name);
                        if (!scores.TryGetValue(key.Split, out var list))
                        {
                            scores[key.Split] = list = [];
                        }

                        list.Add((key.Metric, value));
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
            }
        }

        SplitScores? Of(Split split) => scores.TryGetValue(split, out var list) ? SplitScores.Of([.. list]) : null;
        return new EpochMetrics
        {
            Epoch = epoch ?? throw new JsonException("epoch metrics need 'epoch'"),
            Train = Of(Split.Train) ?? SplitScores.Empty,
            Validation = Of(Split.Validation) is { Count: > 0 } validation ? validation : null,
            Test = Of(Split.Test) ?? SplitScores.Empty,
            Lr = lr,
            TrainSeconds = trainSeconds,
            EpochSeconds = epochSeconds,
            SamplesPerSecond = samplesPerSecond,
        };
    }

    public override void Write(Utf8JsonWriter writer, EpochMetrics value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber(EpochName, value.Epoch);
        foreach (var split in Split.OfEpoch)
        {
            foreach (var (metric, v) in value.ScoresOf(split)?.Values ?? [])
            {
                WriteNumber(writer, new SplitMetric(split, metric).Key, v);
            }
        }

        WriteNumber(writer, EpochValues.Lr, value.Lr);
        WriteNumber(writer, EpochValues.TrainSeconds, value.TrainSeconds);
        WriteNumber(writer, EpochValues.EpochSeconds, value.EpochSeconds);
        WriteNumber(writer, EpochValues.SamplesPerSecond, value.SamplesPerSecond);
        writer.WriteEndObject();
    }

    /// <summary>A JSON number, or one of the strings for values JSON cannot hold; null is no value.</summary>
    internal static double? ReadNumber(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.GetDouble(),
        JsonTokenType.Null => null,
        JsonTokenType.String when NonFinite(reader.GetString()) is { } d => d,
        _ => throw new JsonException($"'{name}' must be a number (or \"NaN\", \"Infinity\", \"-Infinity\")"),
    };

    internal static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is not { } v)
        {
            return;
        }

        writer.WritePropertyName(name);
        WriteNumberValue(writer, v);
    }

    internal static void WriteNumberValue(Utf8JsonWriter writer, double v)
    {
        if (double.IsFinite(v))
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static double? NonFinite(string? text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
    };
}
