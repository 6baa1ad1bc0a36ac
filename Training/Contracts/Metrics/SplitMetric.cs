namespace Ablation.Contracts.Metrics;

/// <summary>A metric on a split, named on the wire as <c>SPLIT_METRIC</c>: <c>train_loss</c>, <c>val_accuracy</c>, <c>test_r2</c>.</summary>
public readonly record struct SplitMetric(Split Split, Metric Metric)
{
    public string Key => $"{Split.Key}_{Metric.Key}";

    /// <summary>Every epoch split with every metric, split by split.</summary>
    public static IReadOnlyList<SplitMetric> All { get; } = [.. Split.OfEpoch.SelectMany(s => Metric.All.Select(m => new SplitMetric(s, m)))];

    /// <summary>"val_accuracy" → (validation, accuracy); null for any other name.</summary>
    public static SplitMetric? FromKey(string key)
    {
        foreach (var candidate in All)
        {
            if (candidate.Key == key)
            {
                return candidate;
            }
        }

        return null;
    }

    public override string ToString() => Key;
}
