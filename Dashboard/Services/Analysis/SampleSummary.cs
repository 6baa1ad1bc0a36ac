using MathNet.Numerics.Statistics;

namespace Ablation.Dashboard.Services.Analysis;

/// <summary>
/// Mean, sample standard deviation (n − 1 in the denominator), standard error, min and max of one
/// sample. <see cref="StdDev"/> and <see cref="StdError"/> are null below two values: one run says
/// nothing about the spread.
/// </summary>
public readonly record struct SampleSummary(int N, double Mean, double? StdDev, double Min, double Max)
{
    /// <summary>The standard error of the mean, s / √n.</summary>
    public double? StdError => StdDev is { } s ? s / Math.Sqrt(N) : null;

    /// <summary>The sample variance s², null below two values.</summary>
    public double? Variance => StdDev is { } s ? s * s : null;

    /// <exception cref="ArgumentException">No values: a summary of nothing would invent a number.</exception>
    public static SampleSummary Of(double[] values)
    {
        if (values.Length == 0)
        {
            throw new ArgumentException("a summary needs at least one value", nameof(values));
        }

        var (mean, stdDev) = values.Length > 1 ? ArrayStatistics.MeanStandardDeviation(values) : (values[0], double.NaN);
        return new SampleSummary(values.Length, mean, values.Length > 1 ? stdDev : null, ArrayStatistics.Minimum(values), ArrayStatistics.Maximum(values));
    }
}
