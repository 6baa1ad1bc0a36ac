namespace Ablation.Dashboard.Services.Analysis;

/// <summary>A confidence interval [<see cref="Low"/>, <see cref="High"/>].</summary>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>Whether the interval holds <paramref name="value"/> (its ends included).</summary>
    public bool Contains(double value) => Low <= value && value <= High;

    /// <summary>The interval scaled by a positive factor (fractions to percentage points).</summary>
    public Interval Scale(double factor) => new(Low * factor, High * factor);
}
