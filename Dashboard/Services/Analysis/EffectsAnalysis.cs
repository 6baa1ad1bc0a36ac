using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Dashboard.Services.Analysis;

/// <summary>
/// The effect of every axis on one metric (docs/statistics.md): for each level its marginal mean
/// averaged over the other axes, and its difference from the baseline level over the strata (cells
/// of the other axes) where both have runs, by Welch's t-test or, with few runs, a permutation test.
/// A one-factor-at-a-time study has one stratum per level (the baseline's other values), so each
/// variant is compared with the baseline cell; a variants study compares each variant with the
/// baseline variant.
/// </summary>
public static class EffectsAnalysis
{
    /// <summary>Below this many runs on either side the p-value comes from a permutation test.</summary>
    public const int MinWelchRuns = 5;

    /// <summary>The significance level of the verdicts.</summary>
    public const double Alpha = 0.05;

    /// <param name="higherIsBetter">The metric's direction; by default accuracies and R² high, everything else low.</param>
    public static StudyEffects Compute(StudyResults results, IReadOnlyList<CellGroup> cells, string metric, bool? higherIsBetter = null)
    {
        var better = higherIsBetter ?? ResultMetrics.HigherIsBetter(metric);
        var samples = CellSample.Of(results, cells, metric);
        var axes = new List<AxisEffect>();
        foreach (var axis in Axes(results, cells))
        {
            // A variants study's other axes are what the variants set: they differ with the variant, so they are no strata.
            IReadOnlyList<string> others = results.Mode == GridMode.Variants ? [] : [.. results.Axes.Select(a => a.Name).Where(a => a != axis.Name)];
            axes.Add(ForAxis(axis.Name, Levels(axis, cells), Baseline(results, axis, cells), others, samples, metric, better));
        }

        return new StudyEffects(metric, better, axes);
    }

    /// <summary>
    /// The level the others are compared with: a variants study's "baseline" variant or its first;
    /// otherwise the value the study's base spec has on the axis, or the axis's first value.
    /// </summary>
    public static string Baseline(StudyResults results, ResultAxis axis, IReadOnlyList<CellGroup> cells)
    {
        var levels = Levels(axis, cells);
        if (results.Mode != GridMode.Variants && axis.Path is not null && results.BaseSpec is { } spec
            && GridExpander.Format(GridExpander.Read(spec, axis.Path)) is var baseValue && levels.Contains(baseValue))
        {
            return baseValue;
        }

        return levels.FirstOrDefault(l => l == "baseline") ?? levels.FirstOrDefault() ?? "";
    }

    /// <summary>The axes whose effects are computed: a variants study's variant axis, otherwise every axis with two levels or more.</summary>
    public static IReadOnlyList<ResultAxis> Axes(StudyResults results, IReadOnlyList<CellGroup> cells) =>
        [.. results.Axes
            .Where(a => results.Mode != GridMode.Variants || a.Name == ResultsLoader.VariantAxis)
            .Where(a => Levels(a, cells).Count >= 2)];

    /// <summary>The axis's values some cell has, in the axis's order.</summary>
    public static IReadOnlyList<string> Levels(ResultAxis axis, IReadOnlyList<CellGroup> cells)
    {
        var present = cells.Select(c => c[axis.Name]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. axis.Values.Where(present.Contains)];
    }

    private static AxisEffect ForAxis(
        string axis, IReadOnlyList<string> levels, string baseline, IReadOnlyList<string> others, IReadOnlyList<CellSample> samples, string metric, bool higherIsBetter)
    {
        // level → stratum (the other axes' values) → the cell's sample.
        var byLevel = levels.ToDictionary(l => l, _ => new Dictionary<string, CellSample>(StringComparer.Ordinal));
        foreach (var sample in samples)
        {
            if (sample.Cell[axis] is { } level && byLevel.TryGetValue(level, out var strata))
            {
                var key = string.Join('\u001f', others.Select(o => sample.Cell[o] ?? "\u0000"));
                strata[key] = strata.TryGetValue(key, out var same) ? new CellSample(same.Cell, [.. same.Values, .. sample.Values]) : sample;
            }
        }

        // Marginal means over the strata every level has (all of them in a full grid), so levels are averaged over the same cells.
        var common = byLevel.Values.Select(s => s.Keys).Aggregate((IEnumerable<string>?)null, (acc, keys) => acc is null ? keys : acc.Intersect(keys))?.ToHashSet() ?? [];
        var effects = new List<LevelEffect>();
        foreach (var level in levels)
        {
            var strata = byLevel[level];
            var marginal = MarginalMean.Of(common.Count > 0 ? strata.Where(s => common.Contains(s.Key)).Select(s => s.Value) : strata.Values);
            var isBaseline = level == baseline;
            var comparison = isBaseline ? null : Compare(strata, byLevel[baseline]);
            effects.Add(new LevelEffect(level, isBaseline, marginal, comparison, isBaseline ? null : VerdictWriter.For(axis, level, baseline, comparison, metric, higherIsBetter))
            {
                Diverged = strata.Values.Sum(s => s.Cell.Diverged),
                Failed = strata.Values.Sum(s => s.Cell.Failed),
            });
        }

        return new AxisEffect(axis, baseline, effects);
    }

    /// <summary>The level against the baseline over the strata where both have values; null when there is none.</summary>
    public static LevelComparison? Compare(IReadOnlyDictionary<string, CellSample> level, IReadOnlyDictionary<string, CellSample> baseline)
    {
        var pairs = level
            .Where(s => s.Value.Values.Length > 0 && baseline.TryGetValue(s.Key, out var b) && b.Values.Length > 0)
            .Select(s => (Level: s.Value, Baseline: baseline[s.Key]))
            .ToList();
        if (pairs.Count == 0)
        {
            return null;
        }

        var weight = 1.0 / pairs.Count;
        var welch = MeanContrast.Of([.. pairs.SelectMany(p => new[] { new ContrastTerm(weight, p.Level.Summary!.Value), new ContrastTerm(-weight, p.Baseline.Summary!.Value) })]);
        var (n, baselineN) = (pairs.Sum(p => p.Level.Values.Length), pairs.Sum(p => p.Baseline.Values.Length));
        if (welch is not null && n >= MinWelchRuns && baselineN >= MinWelchRuns)
        {
            return new LevelComparison(welch.Estimate, welch.Ci, welch.P, EffectTest.Welch, welch.Df, n, baselineN, pairs.Count);
        }

        var permutation = PermutationTest.Run([.. pairs.Select(p => new PermutationStratum(p.Level.Values, p.Baseline.Values))]);
        return new LevelComparison(
            permutation.Observed, welch?.Ci, permutation.P, permutation.Exact ? EffectTest.ExactPermutation : EffectTest.MonteCarloPermutation,
            welch?.Df, n, baselineN, pairs.Count);
    }
}
