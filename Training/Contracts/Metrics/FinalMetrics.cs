using System.Globalization;
using System.Text.Json;

namespace Ablation.Contracts.Metrics;

/// <summary>
/// The numbers reported at the end of a run (the <c>final</c> event's metrics), both at the last
/// epoch and at the best validation epoch (<see cref="BestValidation"/>; its test metrics were
/// measured then, so no reload is needed). A run reports the metrics of its task: the loss and
/// accuracy for a classifier, the loss, MSE, MAE and R² for a regression.
/// </summary>
public static class FinalMetrics
{
    public static Dictionary<string, double?> From(IReadOnlyList<EpochMetrics> history, long parameters, double seconds, bool stoppedEarly)
    {
        var metrics = new Dictionary<string, double?>
        {
            [FinalMetric.Parameters.Key] = parameters,
            [FinalMetric.EpochsCompleted.Key] = history.Count,
            [FinalMetric.Seconds.Key] = Math.Round(seconds, 3),
        };
        if (history.Count > 0)
        {
            var last = history[^1];
            var measured = Metric.For(last.Task);
            foreach (var split in Split.OfEpoch)
            {
                foreach (var metric in measured)
                {
                    metrics[FinalMetric.LastEpoch(split, metric).Key] = last[split, metric];
                }
            }

            metrics[FinalMetric.MeanEpochSeconds.Key] = history.Average(h => h.EpochSeconds);
            metrics[FinalMetric.MeanTrainSeconds.Key] = history.Average(h => h.TrainSeconds);
            var best = BestValidation.Pick(history);
            foreach (var metric in measured)
            {
                metrics[FinalMetric.BestValidation(metric).Key] = best?.Validation?[metric];
                if (best is not null)
                {
                    metrics[FinalMetric.TestAtBestValidation(metric).Key] = best.Test[metric];
                }
            }

            if (best is not null)
            {
                metrics[FinalMetric.BestValidationEpoch.Key] = best.Epoch;
            }
        }

        metrics[FinalMetric.StoppedEarly.Key] = stoppedEarly ? 1 : 0;
        return metrics;
    }

    /// <summary>
    /// Reads a final metrics object as stored (the final event's <c>metrics</c>). Numbers are read as
    /// numbers and "NaN", "Infinity", "-Infinity" (or a number in a string) as those values; anything else (null, text) is
    /// null, never zero. Null or malformed JSON gives null: the run has no final metrics.
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
                metrics[property.Name] = NumberOf(property.Value);
            }

            return metrics;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double? NumberOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        },
        _ => null,
    };
}
