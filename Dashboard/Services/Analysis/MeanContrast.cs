namespace Ablation.Dashboard.Services.Analysis;

/// <summary>One group of a <see cref="MeanContrast"/>: its weight and its sample.</summary>
public readonly record struct ContrastTerm(double Weight, SampleSummary Sample);

/// <summary>
/// A contrast's estimate with its standard error, Welch–Satterthwaite degrees of freedom, 95%
/// confidence interval and the t statistic and two-sided p-value against zero.
/// </summary>
public sealed record ContrastEstimate(double Estimate, double StdError, double Df, Interval Ci, double T, double P);

/// <summary>
/// A weighted sum of independent group means, Σ wᵢ·meanᵢ, without assuming equal variances: the
/// variance is Σ wᵢ²·sᵢ²/nᵢ and the degrees of freedom are Welch–Satterthwaite's,
/// (Σ vᵢ)² / Σ (vᵢ² / (nᵢ − 1)) with vᵢ = wᵢ²·sᵢ²/nᵢ. With the weights (1, −1) this is Welch's
/// t-test of two means; with one group of weight 1 it is the t interval of one mean; with the
/// weights 1/k over k cells it is the marginal mean of a level averaged over the other axes.
/// </summary>
public static class MeanContrast
{
    /// <summary>The contrast, or null where it is undefined: a group with fewer than two values, or no variance at all.</summary>
    public static ContrastEstimate? Of(IReadOnlyList<ContrastTerm> terms)
    {
        if (terms.Count == 0 || terms.Any(t => t.Sample.Variance is null))
        {
            return null;
        }

        double estimate = 0, variance = 0, denominator = 0;
        foreach (var (weight, sample) in terms)
        {
            estimate += weight * sample.Mean;
            var v = weight * weight * sample.Variance!.Value / sample.N;
            variance += v;
            denominator += v * v / (sample.N - 1);
        }

        if (!(variance > 0) || !double.IsFinite(variance))
        {
            return null;
        }

        var df = variance * variance / denominator;
        var se = Math.Sqrt(variance);
        var half = StudentT.Critical(df) * se;
        var t = estimate / se;
        return new ContrastEstimate(estimate, se, df, new Interval(estimate - half, estimate + half), t, StudentT.TwoSidedP(t, df));
    }

    /// <summary>Welch's two-sample t-test of mean(a) − mean(b), or null where it is undefined.</summary>
    public static ContrastEstimate? Welch(SampleSummary a, SampleSummary b) => Of([new(1, a), new(-1, b)]);
}
