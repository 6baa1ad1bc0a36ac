namespace Ablation.Dashboard.Services.Analysis;

/// <summary>Which test gave a difference its p-value.</summary>
public enum EffectTest
{
    /// <summary>Welch's t-test (unequal variances), both sides with at least <see cref="EffectsAnalysis.MinWelchRuns"/> runs.</summary>
    Welch,

    /// <summary>A permutation test over every arrangement.</summary>
    ExactPermutation,

    /// <summary>A permutation test over random arrangements from a fixed seed.</summary>
    MonteCarloPermutation,
}

/// <summary>
/// A level against the baseline level: the difference of their means (averaged over the strata,
/// the cells of the other axes where both have runs), its 95% Welch interval (null where Welch is
/// undefined), the p-value and the test it came from, and the runs on either side.
/// </summary>
public sealed record LevelComparison(double Difference, Interval? Ci, double P, EffectTest Test, double? Df, int N, int BaselineN, int Strata);

public enum VerdictKind
{
    Helps,
    Hurts,

    /// <summary>The interval spans zero, p ≥ 0.05, or there are too few runs to tell.</summary>
    Noise,

    /// <summary>One side has no succeeded run.</summary>
    NoData,
}

/// <summary>The one-line reading of a comparison, such as "bn=off: −3.1 pts test accuracy [−4.0, −2.2], p &lt; 0.001 — hurts".</summary>
public sealed record Verdict(VerdictKind Kind, string Text);

/// <summary>One level of an axis: its marginal mean, its comparison with the baseline (null for the baseline itself) and the verdict.</summary>
public sealed record LevelEffect(string Level, bool IsBaseline, MarginalMean? Marginal, LevelComparison? Comparison, Verdict? Verdict)
{
    /// <summary>Runs of this level that diverged: counted, never averaged in.</summary>
    public int Diverged { get; init; }

    /// <summary>Runs of this level that failed.</summary>
    public int Failed { get; init; }
}

/// <summary>The effects of one axis: every level against <see cref="Baseline"/>.</summary>
public sealed record AxisEffect(string Axis, string Baseline, IReadOnlyList<LevelEffect> Levels);

/// <summary>The effects of every axis of a study on one metric.</summary>
public sealed record StudyEffects(string Metric, bool HigherIsBetter, IReadOnlyList<AxisEffect> Axes);
