using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using MathNet.Numerics.Statistics;

namespace Ablation.Dashboard.Services.Analysis;

/// <summary>What the shaded band around a cell's mean curve shows.</summary>
public enum BandMode
{
    /// <summary>Mean ± one sample standard deviation: the spread of single runs.</summary>
    StdDev,

    /// <summary>Mean ± one standard error: how well the mean itself is known.</summary>
    StdError,

    /// <summary>From the lowest to the highest run.</summary>
    MinMax,
}

/// <summary>A curve with its points in x order, thinned for display (<see cref="Downsampler"/>).</summary>
public sealed record DisplayCurve(double[] X, double[] Y, double[] Lower, double[] Upper, int[] N);

/// <summary>
/// One cell's curve over its runs: at each x (epoch, or step for batch curves) the mean, standard
/// deviation, standard error, min and max over the runs that have a point at that x, and how
/// many those are (<see cref="N"/>). The runs' series are smoothed first, each on its full length.
/// </summary>
public sealed record AggregatedCurve(CellGroup Cell, double[] X, double[] Mean, double[] StdDev, double[] StdError, double[] Min, double[] Max, int[] N)
{
    /// <summary>How many runs the curve is over (the most at any x).</summary>
    public int Runs => N.Length == 0 ? 0 : N.Max();

    /// <summary>The band's lower and upper edge; where fewer than two runs have the x, the band closes onto the mean.</summary>
    public (double[] Lower, double[] Upper) Band(BandMode mode)
    {
        var lower = new double[X.Length];
        var upper = new double[X.Length];
        for (var i = 0; i < X.Length; i++)
        {
            var half = mode switch
            {
                BandMode.StdDev => StdDev[i],
                BandMode.StdError => StdError[i],
                _ => double.NaN,
            };
            (lower[i], upper[i]) = mode == BandMode.MinMax ? (Min[i], Max[i])
                : double.IsFinite(half) ? (Mean[i] - half, Mean[i] + half) : (Mean[i], Mean[i]);
        }

        return (lower, upper);
    }

    /// <summary>The mean and band thinned together to about <paramref name="target"/> points, each keeping its extremes.</summary>
    public DisplayCurve ForDisplay(BandMode mode, int target = Downsampler.DefaultTarget)
    {
        var (lower, upper) = Band(mode);
        var keep = Downsampler.Indices(X.Length, [Mean, lower, upper], target);
        return new DisplayCurve(
            Downsampler.Pick(X, keep), Downsampler.Pick(Mean, keep), Downsampler.Pick(lower, keep), Downsampler.Pick(upper, keep),
            [.. keep.Select(i => N[i])]);
    }
}

/// <summary>Aggregates and smooths the curves of a study (docs/statistics.md, "Curves").</summary>
public static class CurveAggregator
{
    /// <summary>
    /// Whether a run's curve enters its cell's mean: succeeded runs, and running ones (so the
    /// aggregate grows live). A diverged, failed or canceled run's curve stops where it went wrong
    /// and would pull the mean; it is counted and can be shown on its own.
    /// </summary>
    public static bool EntersMean(RunResult run) => run.Status is RunStatus.Succeeded or RunStatus.Running;

    /// <summary>One aggregated curve per cell that has any point of <paramref name="key"/>, in cell order.</summary>
    public static IReadOnlyList<AggregatedCurve> Aggregate(StudyResults results, IReadOnlyList<CellGroup> cells, SeriesKey key, Smoothing smoothing)
    {
        var curves = new List<AggregatedCurve>();
        foreach (var cell in cells)
        {
            var series = cell.Runs
                .Where(EntersMean)
                .Select(r => results.SeriesFor(r.Id, key.Split, key.Name))
                .OfType<Series>()
                .Where(s => s.Points.Count > 0)
                .ToList();
            if (series.Count > 0)
            {
                curves.Add(Aggregate(cell, series, smoothing));
            }
        }

        return curves;
    }

    /// <summary>One run's curve smoothed on its full length, then thinned: null when the run has no such point.</summary>
    public static DisplayCurve? RunCurve(StudyResults results, int runId, SeriesKey key, Smoothing smoothing, int target = Downsampler.DefaultTarget)
    {
        if (results.SeriesFor(runId, key.Split, key.Name) is not { Points.Count: > 0 } series)
        {
            return null;
        }

        var x = series.Points.Select(p => p.X).ToArray();
        var y = smoothing.Apply(series.Points.Select(p => p.Value).ToArray());
        var keep = Downsampler.Indices(x.Length, [y], target);
        var picked = Downsampler.Pick(y, keep);
        return new DisplayCurve(Downsampler.Pick(x, keep), picked, picked, picked, [.. keep.Select(_ => 1)]);
    }

    private static AggregatedCurve Aggregate(CellGroup cell, List<Series> series, Smoothing smoothing)
    {
        // One running summary (MathNet's, single pass) per x; the x of a cell's runs mostly coincide.
        var byX = new Dictionary<double, RunningStatistics>();
        foreach (var s in series)
        {
            var smoothed = smoothing.Kind == SmoothingKind.None ? null : smoothing.Apply(s.Points.Select(p => p.Value).ToArray());
            for (var i = 0; i < s.Points.Count; i++)
            {
                var value = smoothed?[i] ?? s.Points[i].Value;
                if (!double.IsFinite(value))
                {
                    continue;
                }

                if (!byX.TryGetValue(s.Points[i].X, out var statistics))
                {
                    statistics = new RunningStatistics();
                    byX[s.Points[i].X] = statistics;
                }

                statistics.Push(value);
            }
        }

        var x = byX.Keys.ToArray();
        Array.Sort(x);
        var count = x.Length;
        var (mean, std, sem, min, max, n) = (new double[count], new double[count], new double[count], new double[count], new double[count], new int[count]);
        for (var i = 0; i < count; i++)
        {
            var statistics = byX[x[i]];
            n[i] = (int)statistics.Count;
            mean[i] = statistics.Mean;
            // Below two runs there is no spread: NaN, and the band closes onto the mean.
            std[i] = n[i] > 1 ? statistics.StandardDeviation : double.NaN;
            sem[i] = n[i] > 1 ? std[i] / Math.Sqrt(n[i]) : double.NaN;
            min[i] = statistics.Minimum;
            max[i] = statistics.Maximum;
        }

        return new AggregatedCurve(cell, x, mean, std, sem, min, max, n);
    }
}
