using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;

namespace Ablation.Contracts.Evaluation;

public enum EvaluationKind
{
    [JsonStringEnumMemberName("classification")]
    Classification,

    [JsonStringEnumMemberName("regression")]
    Regression,
}

/// <summary>One test image of a run's evaluation: its position in the test split, the true and predicted class, and its uint8 CHW pixels.</summary>
public sealed record EvaluationSample(int Index, int Label, int Predicted, byte[] Pixels)
{
    [JsonIgnore]
    public bool IsWrong => Label != Predicted;
}

/// <summary>A test row of a regression, in the target's units: [true, predicted] on the wire.</summary>
[JsonConverter(typeof(PredictionPairJsonConverter))]
public readonly record struct PredictionPair(double True, double Predicted);

/// <summary>
/// A run's <c>evaluation.json</c> (docs/worker.md), written by the worker after the last epoch with
/// the final weights and read by the dashboard's run page: a classifier's confusion matrix,
/// per-class accuracy and sample images, or a regression's (true, predicted) pairs with MSE, MAE
/// and R². Properties are settable: the source generator would replace an init-only property's
/// default with null for a field the file omits.
/// </summary>
public sealed record RunEvaluation
{
    /// <summary>Test images kept for the gallery.</summary>
    public const int MaxSamples = 32;

    /// <summary>Pairs kept for the scatter; the metrics use every test row.</summary>
    public const int MaxPairs = 2000;

    public required EvaluationKind Kind { get; set; }

    /// <summary>The split evaluated: always test.</summary>
    public Split Split { get; set; } = Split.Test;

    /// <summary>The epoch whose weights were evaluated (the last one).</summary>
    public int Epoch { get; set; }

    [JsonIgnore]
    public bool IsRegression => Kind == EvaluationKind.Regression;

    // Classification

    public IReadOnlyList<string> ClassNames { get; set; } = [];

    /// <summary>Rows are true classes, columns predicted classes, counts.</summary>
    public IReadOnlyList<long[]> Confusion { get; set; } = [];

    /// <summary>Null for a class without test examples.</summary>
    public IReadOnlyList<double?> PerClassAccuracy { get; set; } = [];

    /// <summary>[C, H, W] of the samples' pixels; [features] for a table, which has no samples.</summary>
    public IReadOnlyList<int> SampleShape { get; set; } = [];

    public IReadOnlyList<EvaluationSample> Samples { get; set; } = [];

    // Regression

    /// <summary>The target column's name.</summary>
    public string? Target { get; set; }

    /// <summary>At most <see cref="MaxPairs"/>, evenly spaced over the test rows.</summary>
    public IReadOnlyList<PredictionPair> Pairs { get; set; } = [];

    public double? Mse { get; set; }

    public double? Mae { get; set; }

    public double? R2 { get; set; }

    /// <summary>The class's name, or its number when the file names fewer classes.</summary>
    public string ClassName(int label) => label >= 0 && label < ClassNames.Count ? ClassNames[label] : label.ToString(CultureInfo.InvariantCulture);

    /// <summary>Evenly spaced positions in [0, count): deterministic, and spread over the whole split.</summary>
    public static int[] Spread(int count, int max) =>
        Enumerable.Range(0, Math.Min(count, max)).Select(i => (int)((long)i * count / Math.Min(count, max))).ToArray();

    public string ToJson() => JsonSerializer.Serialize(this, RunEventJson.Context.RunEvaluation);

    /// <summary>Reads an evaluation file's text.</summary>
    /// <exception cref="JsonException">Not an evaluation, with what is wrong in the message.</exception>
    public static RunEvaluation Parse(string json)
    {
        RunEvaluation? evaluation;
        try
        {
            evaluation = JsonSerializer.Deserialize(json, RunEventJson.Context.RunEvaluation);
        }
        catch (JsonException e) when (e.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            throw new JsonException("not an evaluation: no \"kind\"", e);
        }
        catch (JsonException e) when (e.Path == "$.kind")
        {
            throw new JsonException("unknown evaluation kind (expected classification or regression)", e);
        }

        if (evaluation is null)
        {
            throw new JsonException("not an evaluation: null");
        }

        if (evaluation.Confusion.Any(row => row.Length != evaluation.Confusion.Count))
        {
            throw new JsonException($"the confusion matrix is not square ({evaluation.Confusion.Count} rows)");
        }

        return evaluation;
    }
}

/// <summary>[true, predicted]; the strings "NaN", "Infinity", "-Infinity" for values JSON cannot hold.</summary>
public sealed class PredictionPairJsonConverter : JsonConverter<PredictionPair>
{
    public override PredictionPair Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("a pair is [true, predicted]");
        }

        var values = new List<double>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(EpochMetricsJsonConverter.ReadNumber(ref reader, "pair") ?? double.NaN);
        }

        return values.Count == 2 ? new PredictionPair(values[0], values[1]) : throw new JsonException("a pair needs two numbers");
    }

    public override void Write(Utf8JsonWriter writer, PredictionPair value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        EpochMetricsJsonConverter.WriteNumberValue(writer, value.True);
        EpochMetricsJsonConverter.WriteNumberValue(writer, value.Predicted);
        writer.WriteEndArray();
    }
}
