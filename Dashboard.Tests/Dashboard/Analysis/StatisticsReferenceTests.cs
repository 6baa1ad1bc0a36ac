using Ablation.Dashboard.Services.Analysis;

namespace Ablation.Tests.Dashboard.Analysis;

/// <summary>
/// The t distribution, Welch's test and the t interval against published examples and values
/// computed independently with scipy 1.10 (Debian's python3-scipy), pasted in as constants.
/// </summary>
public sealed class StatisticsReferenceTests
{
    [Theory]
    // scipy.stats.t.ppf(0.975, df)
    [InlineData(1, 12.706204736432095)]
    [InlineData(4, 2.7764451051977987)]
    [InlineData(27.3, 2.050776009386824)]
    [InlineData(1000, 1.9623390808264074)]
    public void Critical_MatchesScipyQuantiles(double df, double expected) =>
        Assert.Equal(expected, StudentT.Critical(df), 9);

    [Theory]
    // 2 * scipy.stats.t.sf(t, df)
    [InlineData(2.0, 3, 0.1393259685588431)]
    [InlineData(-2.5, 7.5, 0.038820258273625514)]
    public void TwoSidedP_MatchesScipy(double t, double df, double expected) =>
        Assert.Equal(expected, StudentT.TwoSidedP(t, df), 9);

    public static TheoryData<double[], double[], double, double, double, double, double> WelchExamples => new()
    {
        // The three examples of Wikipedia's "Welch's t-test" article, which publishes t, ν and p to
        // two or three digits (−2.46, 25.0, 0.021; −1.57, 9.9, 0.149; −2.22, 24.5, 0.036); the
        // full digits are scipy.stats.ttest_ind(a, b, equal_var=False) for t and p, and for ν and the
        // interval the Welch–Satterthwaite formula with scipy.stats.t.ppf(0.975, ν) in numpy.
        {
            [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
            [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
            -2.455356398286006, 24.988529290231416, 0.021378001462866985, -3.9840962671409264, -0.34923706619240935
        },
        {
            [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8],
            [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8],
            -1.5654335235985037, 9.904741248650831, 0.14884169660532834, -3.6984213253524234, 0.6484213253524262
        },
        {
            [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0],
            [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3],
            -2.225512039969852, 24.524634944257343, 0.035484530830010325, -4.276458650120551, -0.16354134987944713
        },
    };

    [Theory]
    [MemberData(nameof(WelchExamples))]
    public void Welch_MatchesTheTextbookExamples(double[] a, double[] b, double t, double df, double p, double low, double high)
    {
        var welch = MeanContrast.Welch(SampleSummary.Of(a), SampleSummary.Of(b))!;

        Assert.Equal(t, welch.T, 9);
        Assert.Equal(df, welch.Df, 9);
        Assert.Equal(p, welch.P, 9);
        Assert.Equal(low, welch.Ci.Low, 9);
        Assert.Equal(high, welch.Ci.High, 9);
        Assert.Equal(a.Average() - b.Average(), welch.Estimate, 12);
    }

    [Fact]
    public void OneMeanInterval_IsScipysTInterval()
    {
        // scipy.stats.t.interval(0.95, 4, loc=mean, scale=scipy.stats.sem(x)) for x below.
        double[] x = [0.81, 0.84, 0.79, 0.86, 0.83];

        var interval = MeanContrast.Of([new(1, SampleSummary.Of(x))])!;

        Assert.Equal(0.826, interval.Estimate, 12);
        Assert.Equal(0.7924520861507334, interval.Ci.Low, 9);
        Assert.Equal(0.8595479138492665, interval.Ci.High, 9);
        Assert.Equal(4, interval.Df, 9);
    }

    [Fact]
    public void Welch_IsUndefinedWithOneRunOrNoSpread()
    {
        Assert.Null(MeanContrast.Welch(SampleSummary.Of([0.8]), SampleSummary.Of([0.7, 0.75])));
        Assert.Null(MeanContrast.Welch(SampleSummary.Of([0.8, 0.8]), SampleSummary.Of([0.7, 0.7])));
    }

    [Fact]
    public void SampleSummary_UsesTheSampleStandardDeviation()
    {
        // numpy: np.std([2, 4, 4, 4, 5, 5, 7, 9], ddof=1) = 2.138089935299395
        var summary = SampleSummary.Of([2, 4, 4, 4, 5, 5, 7, 9]);

        Assert.Equal((8, 5.0, 2.0, 9.0), (summary.N, summary.Mean, summary.Min, summary.Max));
        Assert.Equal(2.138089935299395, summary.StdDev!.Value, 12);
        Assert.Equal(2.138089935299395 / Math.Sqrt(8), summary.StdError!.Value, 12);
        Assert.Null(SampleSummary.Of([3]).StdDev);
    }
}
