using MathNet.Numerics;
using MathNet.Numerics.Random;

namespace Ablation.Dashboard.Services.Analysis;

/// <summary>One stratum of a <see cref="PermutationTest"/>: the values of one side and the other, with everything else equal (the same cell of the other axes).</summary>
public sealed record PermutationStratum(double[] Level, double[] Baseline);

/// <summary>The two-sided p-value of a permutation test, whether it enumerated every arrangement, and how many it used.</summary>
public sealed record PermutationResult(double Observed, double P, bool Exact, long Arrangements);

/// <summary>
/// A two-sided permutation test of the difference of means, stratified: the statistic is the mean
/// over strata of mean(level) − mean(baseline), and under the null hypothesis the labels are
/// exchanged only within each stratum. It needs no normality and no variance, so it is the test
/// used where Welch's is unreliable (few runs) or undefined (one run, no spread). Every arrangement
/// is enumerated when there are at most <see cref="ExactLimit"/>; otherwise
/// <see cref="Resamples"/> random ones are drawn from a generator with a fixed seed, so the same
/// data always give the same p.
/// </summary>
public static class PermutationTest
{
    public const long ExactLimit = 200_000;
    public const int Resamples = 20_000;
    public const int Seed = 20_240_501;

    /// <exception cref="ArgumentException">No strata, or a stratum with an empty side.</exception>
    public static PermutationResult Run(IReadOnlyList<PermutationStratum> strata)
    {
        if (strata.Count == 0 || strata.Any(s => s.Level.Length == 0 || s.Baseline.Length == 0))
        {
            throw new ArgumentException("every stratum needs values on both sides", nameof(strata));
        }

        var pooled = strata.Select(s => (Values: s.Level.Concat(s.Baseline).ToArray(), Chosen: s.Level.Length)).ToList();
        var observed = strata.Sum(s => s.Level.Average() - s.Baseline.Average()) / strata.Count;
        var arrangements = pooled.Aggregate(1.0, (total, s) => total * Combinatorics.Combinations(s.Values.Length, s.Chosen));
        return arrangements <= ExactLimit
            ? Exact(pooled, observed, (long)Math.Round(arrangements))
            : MonteCarlo(pooled, observed);
    }

    private static PermutationResult Exact(List<(double[] Values, int Chosen)> pooled, double observed, long arrangements)
    {
        // The statistic is a sum over strata, so each stratum's contributions are listed once and combined.
        var contributions = pooled.Select(s => Contributions(s.Values, s.Chosen, pooled.Count)).ToList();
        long extreme = 0;
        void Walk(int stratum, double sum)
        {
            if (stratum == contributions.Count)
            {
                if (AtLeastAsExtreme(sum, observed))
                {
                    extreme++;
                }

                return;
            }

            foreach (var c in contributions[stratum])
            {
                Walk(stratum + 1, sum + c);
            }
        }

        Walk(0, 0);
        return new PermutationResult(observed, (double)extreme / arrangements, Exact: true, arrangements);
    }

    private static PermutationResult MonteCarlo(List<(double[] Values, int Chosen)> pooled, double observed)
    {
        // Each draw picks a stratum's level side with a partial Fisher–Yates shuffle of its values
        // (uniform over the k-subsets whatever order the array is left in), so a draw costs k random
        // numbers and allocates nothing: one-run-per-cell studies make hundreds of strata of 1 + 1.
        var random = new Xoshiro256StarStar(Seed, threadSafe: false);
        var strata = pooled.Select(s => (Values: s.Values.ToArray(), s.Chosen, Total: s.Values.Sum())).ToArray();
        var extreme = 0;
        for (var r = 0; r < Resamples; r++)
        {
            double sum = 0;
            foreach (var (values, chosen, total) in strata)
            {
                double inside = 0;
                for (var i = 0; i < chosen; i++)
                {
                    var j = i + random.Next(values.Length - i);
                    (values[i], values[j]) = (values[j], values[i]);
                    inside += values[i];
                }

                sum += ((inside / chosen) - ((total - inside) / (values.Length - chosen))) / strata.Length;
            }

            if (AtLeastAsExtreme(sum, observed))
            {
                extreme++;
            }
        }

        // The observed arrangement counts as one of the draws, so p is never 0 (Phipson and Smyth, 2010).
        return new PermutationResult(observed, (extreme + 1.0) / (Resamples + 1.0), Exact: false, Resamples);
    }

    /// <summary>Every arrangement's mean(level) − mean(baseline) of one stratum, divided by the number of strata.</summary>
    private static List<double> Contributions(double[] values, int chosen, int strata)
    {
        var list = new List<double>();
        var mask = new bool[values.Length];
        void Choose(int start, int left)
        {
            if (left == 0)
            {
                list.Add(Difference(values, mask, chosen) / strata);
                return;
            }

            for (var i = start; i <= values.Length - left; i++)
            {
                mask[i] = true;
                Choose(i + 1, left - 1);
                mask[i] = false;
            }
        }

        Choose(0, chosen);
        return list;
    }

    private static double Difference(double[] values, bool[] mask, int chosen)
    {
        double inside = 0, outside = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (mask[i])
            {
                inside += values[i];
            }
            else
            {
                outside += values[i];
            }
        }

        return (inside / chosen) - (outside / (values.Length - chosen));
    }

    // Arrangements that tie with the observed statistic count as extreme; the tolerance keeps
    // rounding in the sums from splitting ties.
    private static bool AtLeastAsExtreme(double statistic, double observed) =>
        Math.Abs(statistic) >= Math.Abs(observed) - (1e-9 * Math.Max(1, Math.Abs(observed)));
}
