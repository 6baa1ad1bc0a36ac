using System.Text.Json;
using Ablation.Contracts.Evaluation;
using Ablation.Contracts.Worker;

namespace Ablation.Dashboard.Services.Evaluation;

/// <summary>What reading a run's evaluation gave: the evaluation, or why there is none.</summary>
public sealed record EvaluationResult(RunEvaluation? Evaluation, string? Problem);

/// <summary>Reads <c>evaluation.json</c> from a run's folder, the contract's <see cref="RunEvaluation"/> that the worker writes.</summary>
public static class RunEvaluationReader
{
    /// <summary>The evaluation of the run whose folder is <paramref name="runDirectory"/>; no evaluation and no problem when the run has not written one (yet).</summary>
    public static EvaluationResult Read(string? runDirectory)
    {
        if (string.IsNullOrEmpty(runDirectory))
        {
            return new(null, null);
        }

        var path = RunFolder.EvaluationPath(runDirectory);
        if (!File.Exists(path))
        {
            return new(null, null);
        }

        try
        {
            return new(Parse(File.ReadAllText(path)), null);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return new(null, $"{path}: {e.Message}");
        }
    }

    /// <exception cref="JsonException">Not an evaluation object.</exception>
    public static RunEvaluation Parse(string json) => RunEvaluation.Parse(json);
}
