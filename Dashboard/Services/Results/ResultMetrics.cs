using System.Text.Json;
using Ablation.Dashboard.Services.Runs;

namespace Ablation.Dashboard.Services.Results;

/// <summary>The metric names of the worker's final event (docs/worker.md), and how to read them.</summary>
public static class ResultMetrics
{
    public const string TestAccuracy = "test_accuracy";
    public const string TestLoss = "test_loss";
    public const string TrainLoss = "train_loss";
    public const string TrainAccuracy = "train_accuracy";
    public const string ValLoss = "val_loss";
    public const string ValAccuracy = "val_accuracy";
    public const string BestValAccuracy = "best_val_accuracy";
    public const string BestValLoss = "best_val_loss";
    public const string BestValEpoch = "best_val_epoch";
    public const string TestAccuracyAtBestVal = "test_accuracy_at_best_val";
    public const string TestLossAtBestVal = "test_loss_at_best_val";
    public const string MeanEpochSeconds = "mean_epoch_seconds";
    public const string MeanTrainSeconds = "mean_train_seconds";
    public const string Parameters = "parameters";
    public const string EpochsCompleted = "epochs_completed";
    public const string Seconds = "seconds";

    public const string BatchSplit = "batch";

    /// <summary>Every name of the final metrics, in the worker's order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        TestAccuracy, TestLoss, TrainLoss, TrainAccuracy, ValLoss, ValAccuracy, BestValAccuracy, BestValLoss, BestValEpoch,
        TestAccuracyAtBestVal, TestLossAtBestVal, MeanEpochSeconds, MeanTrainSeconds, Parameters, EpochsCompleted, Seconds,
        .. ResultsRegression.Final,
    ];

    /// <summary>The last-epoch metrics, which a run without final metrics can still show from its epoch points.</summary>
    public static IReadOnlyList<string> LastEpoch { get; } = [TrainLoss, TrainAccuracy, ValLoss, ValAccuracy, TestLoss, TestAccuracy, .. ResultsRegression.LastEpoch];

    /// <summary>Accuracies and R² are better high; losses, errors, times and sizes are better low.</summary>
    public static bool HigherIsBetter(string metric) => metric.Contains("accuracy", StringComparison.Ordinal) || ResultsRegression.IsHigherBetter(metric);

    /// <summary>"test_accuracy" → ("test", "accuracy"), the curve that holds its per-epoch values; null for metrics that are not per epoch.</summary>
    public static SeriesKey? EpochSeries(string metric)
    {
        if (!LastEpoch.Contains(metric))
        {
            return null;
        }

        var split = metric.IndexOf('_');
        return new SeriesKey(metric[..split], metric[(split + 1)..]);
    }

    /// <summary>
    /// Parses a final metrics object. Numbers are read as numbers and the worker's "NaN",
    /// "Infinity" and "-Infinity" strings as those values; anything else (null, text) is null,
    /// never zero. Null or malformed JSON gives null: the run has no final metrics.
    /// </summary>
    public static IReadOnlyDictionary<string, double?>? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var metrics = new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                metrics[property.Name] = WorkerLine.NumberOf(property.Value);
            }

            return metrics;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static int SplitRank(string split) => split switch
    {
        "train" => 0,
        "val" => 1,
        "test" => 2,
        BatchSplit => 3,
        _ => 4,
    };
}

/// <summary>Which metric picks the best run or cell, and in which direction.</summary>
public sealed record BestBy(string Metric, bool HigherIsBetter)
{
    /// <summary>The default: highest test accuracy.</summary>
    public static BestBy TestAccuracy { get; } = new(ResultMetrics.TestAccuracy, HigherIsBetter: true);

    /// <summary>The metric with its natural direction (accuracies high, everything else low).</summary>
    public static BestBy For(string metric) => new(metric, ResultMetrics.HigherIsBetter(metric));

    /// <summary>Whether <paramref name="candidate"/> beats <paramref name="current"/>; NaN never wins.</summary>
    internal bool Beats(double candidate, double? current) =>
        !double.IsNaN(candidate) && (current is not { } c || (HigherIsBetter ? candidate > c : candidate < c));
}
