using System.Text.Json;
using Ablation.Dashboard.Services.Runs;

namespace Ablation.Dashboard.Services.Evaluation;

/// <summary>What reading a run's evaluation gave: the evaluation, or why there is none.</summary>
public sealed record EvaluationResult(RunEvaluation? Evaluation, string? Problem);

/// <summary>Reads <c>evaluation.json</c> from a run's folder, as the worker writes it (docs/worker.md).</summary>
public static class RunEvaluationReader
{
    public const string FileName = "evaluation.json";

    /// <summary>The evaluation of the run whose folder is <paramref name="runDirectory"/>; no evaluation and no problem when the run has not written one (yet).</summary>
    public static EvaluationResult Read(string? runDirectory)
    {
        if (string.IsNullOrEmpty(runDirectory))
        {
            return new(null, null);
        }

        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            return new(null, null);
        }

        try
        {
            return new(Parse(File.ReadAllText(path)), null);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return new(null, $"{path}: {e.Message}");
        }
    }

    /// <exception cref="JsonException">Not an evaluation object.</exception>
    public static RunEvaluation Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("not an evaluation: no \"kind\"");
        }

        var epoch = (int)(WorkerLine.Number(root, "epoch") ?? 0);
        switch (kind.GetString())
        {
            case RunEvaluation.Regression:
                return new RunEvaluation
                {
                    Kind = RunEvaluation.Regression,
                    Epoch = epoch,
                    Target = root.TryGetProperty("target", out var t) ? t.GetString() ?? "" : "",
                    Pairs = Array(root, "pairs").Select(p =>
                    {
                        var pair = p.EnumerateArray().Select(WorkerLine.NumberOf).ToList();
                        return pair.Count == 2 ? (pair[0] ?? double.NaN, pair[1] ?? double.NaN) : throw new JsonException("a pair needs two numbers");
                    }).ToList(),
                    Mse = WorkerLine.Number(root, "mse"),
                    Mae = WorkerLine.Number(root, "mae"),
                    R2 = WorkerLine.Number(root, "r2"),
                };
            case RunEvaluation.Classification:
                var names = Array(root, "class_names").Select(n => n.GetString() ?? "").ToList();
                var confusion = Array(root, "confusion").Select(row => row.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToList();
                if (confusion.Any(row => row.Length != confusion.Count))
                {
                    throw new JsonException($"the confusion matrix is not square ({confusion.Count} rows)");
                }

                return new RunEvaluation
                {
                    Kind = RunEvaluation.Classification,
                    Epoch = epoch,
                    ClassNames = names,
                    Confusion = confusion,
                    PerClassAccuracy = Array(root, "per_class_accuracy").Select(WorkerLine.NumberOf).ToList(),
                    SampleShape = Array(root, "sample_shape").Select(d => d.GetInt32()).ToList(),
                    Samples = Array(root, "samples").Select(s => new EvaluationSample(
                        s.GetProperty("index").GetInt32(),
                        s.GetProperty("label").GetInt32(),
                        s.GetProperty("predicted").GetInt32(),
                        s.GetProperty("pixels").GetBytesFromBase64())).ToList(),
                };
            default:
                throw new JsonException($"unknown evaluation kind '{kind.GetString()}'");
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [];
}
