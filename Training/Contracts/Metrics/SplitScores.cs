namespace Ablation.Contracts.Metrics;

/// <summary>
/// The metrics one split was measured on at one epoch (<see cref="Metric"/> → value). A metric the
/// run does not measure is absent; one that was measured but has no value (a diverged loss, an
/// accuracy over no examples) is NaN.
/// </summary>
public sealed class SplitScores : IEquatable<SplitScores>
{
    private readonly Dictionary<Metric, double> _values;

    private SplitScores(Dictionary<Metric, double> values) => _values = values;

    public static SplitScores Empty { get; } = new([]);

    /// <summary>The value of <paramref name="metric"/>; null when this split was not measured on it.</summary>
    public double? this[Metric metric] => _values.TryGetValue(metric, out var v) ? v : null;

    /// <summary>The measured metrics and their values, in the order of <see cref="Metric.All"/>.</summary>
    public IEnumerable<(Metric Metric, double Value)> Values =>
        Metric.All.Where(_values.ContainsKey).Select(m => (m, _values[m]));

    public int Count => _values.Count;

    public static SplitScores Of(params (Metric Metric, double? Value)[] values) => Empty.With(values);

    /// <summary>These scores with <paramref name="values"/> set (a null value removes the metric).</summary>
    public SplitScores With(params (Metric Metric, double? Value)[] values)
    {
        var copy = new Dictionary<Metric, double>(_values);
        foreach (var (metric, value) in values)
        {
            if (value is { } v)
            {
                copy[metric] = v;
            }
            else
            {
                copy.Remove(metric);
            }
        }

        return new SplitScores(copy);
    }

    // Equal when the same metrics hold the same values, NaN equal to NaN (as double.Equals has it),
    // so that a resumed run's history compares equal to an uninterrupted one's.
    public bool Equals(SplitScores? other) =>
        other is not null && other._values.Count == _values.Count
        && _values.All(kv => other._values.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value));

    public override bool Equals(object? obj) => Equals(obj as SplitScores);

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (metric, value) in _values)
        {
            hash ^= HashCode.Combine(metric, value);
        }

        return hash;
    }

    public override string ToString() => string.Join(", ", Values.Select(v => $"{v.Metric.Key}={v.Value}"));
}
