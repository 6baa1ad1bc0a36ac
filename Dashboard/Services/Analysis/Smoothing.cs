using System.Globalization;

namespace Ablation.Dashboard.Services.Analysis;

public enum SmoothingKind
{
    None,

    /// <summary>TensorBoard's debiased exponential moving average.</summary>
    Ema,

    /// <summary>A plain trailing moving average over a window of points.</summary>
    MovingAverage,
}

/// <summary>
/// How a curve is smoothed, always on its full series (before any downsampling), so a smoothed
/// value depends on the points before it and never on how many points end up drawn.
/// </summary>
/// <param name="Weight">The EMA's weight a in [0, 1): ema_t = a·ema_{t−1} + (1 − a)·x_t.</param>
/// <param name="Window">The moving average's window in points (≥ 1).</param>
public sealed record Smoothing(SmoothingKind Kind, double Weight = 0.6, int Window = 5)
{
    public static Smoothing None { get; } = new(SmoothingKind.None);

    public static Smoothing Ema(double weight) => new(SmoothingKind.Ema, Weight: weight);

    public static Smoothing MovingAverage(int window) => new(SmoothingKind.MovingAverage, Window: window);

    /// <summary>The smoothed values, one per input value, in the same order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A weight outside [0, 1) or a window below 1.</exception>
    public double[] Apply(IReadOnlyList<double> values) => Kind switch
    {
        SmoothingKind.Ema => DebiasedEma(values, Weight),
        SmoothingKind.MovingAverage => TrailingMean(values, Window),
        _ => [.. values],
    };

    public override string ToString() => Kind switch
    {
        SmoothingKind.Ema => $"EMA {Weight.ToString("0.###", CultureInfo.InvariantCulture)}",
        SmoothingKind.MovingAverage => $"moving average of {Window}",
        _ => "none",
    };

    /// <summary>
    /// TensorBoard's smoothing: ema_t = a·ema_{t−1} + (1 − a)·x_t from ema_0 = 0, divided by
    /// 1 − a^t so the start is not pulled towards zero (at t = 1 the result is x_1). A value that
    /// is not finite is passed through and skipped, as TensorBoard does.
    /// </summary>
    public static double[] DebiasedEma(IReadOnlyList<double> values, double weight)
    {
        if (!(weight >= 0 && weight < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "the EMA weight must be in [0, 1)");
        }

        var smoothed = new double[values.Count];
        double last = 0;
        var count = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var x = values[i];
            if (!double.IsFinite(x))
            {
                smoothed[i] = x;
                continue;
            }

            last = (last * weight) + ((1 - weight) * x);
            count++;
            var debias = 1 - Math.Pow(weight, count);
            smoothed[i] = debias > 0 ? last / debias : x;
        }

        return smoothed;
    }

    /// <summary>The mean of each value and the window − 1 before it (fewer at the start), by MathNet's moving average.</summary>
    public static double[] TrailingMean(IReadOnlyList<double> values, int window)
    {
        if (window < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "the moving-average window must be at least 1 point");
        }

        return [.. MathNet.Numerics.Statistics.Statistics.MovingAverage(values, window)];
    }
}
