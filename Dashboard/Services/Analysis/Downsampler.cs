namespace Ablation.Dashboard.Services.Analysis;

/// <summary>
/// Thins a curve for display without losing what matters: the points are cut into buckets of
/// consecutive x, and each bucket keeps its first and last point and, for every series given, the
/// point of its minimum and of its maximum. A spike therefore survives any thinning, and a curve
/// of at most the target stays whole. Applied after smoothing and aggregation, never before.
/// </summary>
public static class Downsampler
{
    /// <summary>About this many points per line are drawn.</summary>
    public const int DefaultTarget = 1000;

    /// <summary>
    /// The indices to keep, ascending. Several series of the same x (a mean and its band's edges)
    /// are thinned together, so they keep the same x and each keeps its own extremes.
    /// </summary>
    public static int[] Indices(int count, IReadOnlyList<IReadOnlyList<double>> series, int target = DefaultTarget)
    {
        if (count <= target || count <= 2)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        // Each bucket keeps up to 2 + 2·series points.
        var perBucket = 2 + (2 * Math.Max(1, series.Count));
        var buckets = Math.Max(1, target / perBucket);
        var keep = new SortedSet<int>();
        for (var b = 0; b < buckets; b++)
        {
            var start = (int)((long)b * count / buckets);
            var end = (int)((long)(b + 1) * count / buckets);
            if (end <= start)
            {
                continue;
            }

            keep.Add(start);
            keep.Add(end - 1);
            foreach (var values in series)
            {
                int min = -1, max = -1;
                for (var i = start; i < end; i++)
                {
                    var v = values[i];
                    if (!double.IsFinite(v))
                    {
                        continue;
                    }

                    if (min < 0 || v < values[min])
                    {
                        min = i;
                    }

                    if (max < 0 || v > values[max])
                    {
                        max = i;
                    }
                }

                if (min >= 0)
                {
                    keep.Add(min);
                    keep.Add(max);
                }
            }
        }

        return [.. keep];
    }

    /// <summary>One series thinned: its kept x and y.</summary>
    public static (double[] X, double[] Y) Thin(IReadOnlyList<double> x, IReadOnlyList<double> y, int target = DefaultTarget)
    {
        var keep = Indices(x.Count, [y], target);
        return (Pick(x, keep), Pick(y, keep));
    }

    public static double[] Pick(IReadOnlyList<double> values, int[] indices)
    {
        var picked = new double[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            picked[i] = values[indices[i]];
        }

        return picked;
    }
}
