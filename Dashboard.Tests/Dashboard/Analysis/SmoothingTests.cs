using Ablation.Dashboard.Services.Analysis;

namespace Ablation.Tests.Dashboard.Analysis;

public sealed class SmoothingTests
{
    [Fact]
    public void Ema_IsTensorBoardsDebiasedAverage()
    {
        // TensorBoard's loop (last = last·w + (1 − w)·x; smoothed = last / (1 − w^n)) run in Python.
        var smoothed = Smoothing.Ema(0.6).Apply([1.0, 2.0, 3.0, 10.0, 2.0]);

        Assert.Equal([1.0, 1.625, 2.3265306122448983, 5.852941176470588, 4.1818181818181825], smoothed, new Tolerance(1e-12));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    [InlineData(0.99)]
    public void Ema_FirstPointIsTheValueItself(double weight) =>
        Assert.Equal(0.8123, Smoothing.DebiasedEma([0.8123, 0.1, 0.2], weight)[0], 12);

    [Fact]
    public void Ema_PassesNonFiniteValuesThroughWithoutCountingThem()
    {
        var smoothed = Smoothing.DebiasedEma([1.0, double.NaN, 2.0], 0.6);

        Assert.True(double.IsNaN(smoothed[1]));
        Assert.Equal(1.625, smoothed[2], 12); // as if the NaN were not there
    }

    [Fact]
    public void MovingAverage_IsTrailing_WithAShorterWindowAtTheStart() =>
        Assert.Equal([1.0, 1.5, 2.0, 3.0, 4.0], Smoothing.MovingAverage(3).Apply([1.0, 2.0, 3.0, 4.0, 5.0]), new Tolerance(1e-12));

    [Fact]
    public void BadParameters_AreRefusedNamingThem()
    {
        Assert.Equal("weight", Assert.Throws<ArgumentOutOfRangeException>(() => Smoothing.Ema(1.0).Apply([1.0])).ParamName);
        Assert.Equal("window", Assert.Throws<ArgumentOutOfRangeException>(() => Smoothing.MovingAverage(0).Apply([1.0])).ParamName);
    }

    [Fact]
    public void SmoothedValue_DoesNotDependOnHowManyPointsAreDrawn()
    {
        // Smoothing runs on the full series, then the display thins it: a kept point has the same
        // smoothed value whatever the target.
        var x = Enumerable.Range(0, 20_000).Select(i => (double)i).ToArray();
        var y = x.Select(v => Math.Sin(v / 300) + (v % 97 == 0 ? 3 : 0)).ToArray();
        var smoothed = Smoothing.Ema(0.9).Apply(y);

        foreach (var target in new[] { 200, 1000, 5000 })
        {
            var keep = Downsampler.Indices(x.Length, [smoothed], target);
            var (thinX, thinY) = (Downsampler.Pick(x, keep), Downsampler.Pick(smoothed, keep));
            for (var i = 0; i < thinX.Length; i++)
            {
                Assert.Equal(smoothed[(int)thinX[i]], thinY[i]);
            }
        }
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= epsilon;

        public int GetHashCode(double value) => 0;
    }
}
