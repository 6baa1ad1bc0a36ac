namespace Ablation.Dashboard.Services.Analysis;

/// <summary>The Student t quantiles and tail probabilities the statistics need, from MathNet.Numerics.</summary>
public static class StudentT
{
    /// <summary>The confidence level of every interval the dashboard shows.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>The two-sided critical value t* with P(|T| ≤ t*) = <see cref="ConfidenceLevel"/> for <paramref name="df"/> degrees of freedom.</summary>
    public static double Critical(double df) => MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, 1 - ((1 - ConfidenceLevel) / 2));

    /// <summary>The two-sided p-value P(|T| ≥ |t|) for <paramref name="df"/> degrees of freedom.</summary>
    public static double TwoSidedP(double t, double df) =>
        Math.Min(1, 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, -Math.Abs(t)));
}
