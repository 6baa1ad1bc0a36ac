using Ablation.Dashboard.Services.Analysis;

namespace Ablation.Tests.Dashboard.Analysis;

/// <summary>
/// The permutation test against an independent enumeration in Python (itertools.combinations over
/// the pooled values, |mean difference| ≥ |observed|) and scipy.stats.permutation_test.
/// </summary>
public sealed class PermutationTestTests
{
    [Fact]
    public void ThreeAgainstThree_IsExact_OverTwentyArrangements()
    {
        var result = PermutationTest.Run([new([0.80, 0.83, 0.81], [0.82, 0.84, 0.85])]);

        Assert.True(result.Exact);
        Assert.Equal(20, result.Arrangements);
        Assert.Equal(0.2, result.P, 12);
        Assert.Equal(-0.023333333333333206, result.Observed, 12);
    }

    [Fact]
    public void FourAgainstFour_Separated_ReachesTwoOverSeventy()
    {
        var result = PermutationTest.Run([new([0.71, 0.72, 0.70, 0.73], [0.80, 0.81, 0.79, 0.82])]);

        Assert.Equal(2.0 / 70, result.P, 12);
    }

    [Fact]
    public void Stratified_PermutesWithinEachStratum()
    {
        // Two strata of 5 against 5 (252 arrangements each, 63,504 in all); Python enumerated the
        // product of both strata's arrangements: p = 2 / 63504.
        var result = PermutationTest.Run(
        [
            new([0.829, 0.835, 0.822, 0.831, 0.826], [0.861, 0.855, 0.868, 0.859, 0.864]),
            new([0.818, 0.826, 0.812, 0.821, 0.815], [0.850, 0.846, 0.857, 0.842, 0.853]),
        ]);

        Assert.True(result.Exact);
        Assert.Equal(63504, result.Arrangements);
        Assert.Equal(3.1494079113126735e-05, result.P, 12);
        Assert.Equal(-0.032, result.Observed, 12);
    }

    [Fact]
    public void Large_IsMonteCarlo_CloseToTheExactP_AndReproducible()
    {
        // 12 against 12: C(24, 12) = 2,704,156 arrangements, past the exact limit. scipy 1.10's
        // permutation_test(..., permutation_type='independent', n_resamples=np.inf) enumerates them:
        // p = 0.039262527753576346. 20,000 draws have a standard error of about 0.0014 there.
        double[] a = [0.535, 0.582, 0.533, 0.37, 0.591, 0.545, 0.446, 0.558, 0.536, 0.529, 0.503, 0.555];
        double[] b = [0.506, 0.564, 0.532, 0.64, 0.584, 0.551, 0.502, 0.554, 0.581, 0.552, 0.709, 0.681];

        var first = PermutationTest.Run([new(a, b)]);
        var second = PermutationTest.Run([new(a, b)]);

        Assert.False(first.Exact);
        Assert.Equal(PermutationTest.Resamples, first.Arrangements);
        Assert.InRange(first.P, 0.039262527753576346 - 0.006, 0.039262527753576346 + 0.006);
        Assert.Equal(first.P, second.P); // a fixed seed: the same data give the same p
    }

    [Fact]
    public void ManyStrataOfOneRunEach_MonteCarloMatchesEveryEnumeratedSignFlip()
    {
        // A one-seed grid: 22 cells of the other axes, one run on each side. Within a stratum of 1 + 1
        // a permutation only swaps the two, so the 2^22 arrangements (past the exact limit) are the
        // sign flips of the 22 differences; the test enumerates them all as the reference.
        var random = new Random(7);
        var strata = Enumerable.Range(0, 22)
            .Select(i => new PermutationStratum([0.80 + (0.01 * random.NextDouble()) + 0.001], [0.80 + (0.01 * random.NextDouble())]))
            .ToList();
        var differences = strata.Select(s => s.Level[0] - s.Baseline[0]).ToArray();
        var observed = Math.Abs(differences.Sum());
        long extreme = 0;
        for (var signs = 0; signs < 1 << differences.Length; signs++)
        {
            double sum = 0;
            for (var i = 0; i < differences.Length; i++)
            {
                sum += (signs & (1 << i)) == 0 ? differences[i] : -differences[i];
            }

            if (Math.Abs(sum) >= observed - 1e-12)
            {
                extreme++;
            }
        }

        var exactP = (double)extreme / (1 << differences.Length);
        var result = PermutationTest.Run(strata);

        Assert.False(result.Exact);
        Assert.Equal(observed / strata.Count, Math.Abs(result.Observed), 12);
        Assert.InRange(result.P, exactP - 0.01, exactP + 0.01);
        Assert.InRange(exactP, 0.01, 0.5); // a p worth checking, neither 0 nor 1
    }

    [Fact]
    public void EmptySide_IsRefused() =>
        Assert.Throws<ArgumentException>(() => PermutationTest.Run([new([1.0], [])]));
}
