using Ablation.Dashboard.Services.Analysis;

namespace Ablation.Tests.Dashboard.Analysis;

public sealed class DownsamplerTests
{
    [Fact]
    public void ShortSeries_IsKeptWhole()
    {
        var keep = Downsampler.Indices(800, [new double[800]], 1000);

        Assert.Equal(Enumerable.Range(0, 800), keep);
    }

    [Fact]
    public void LongSeries_KeepsAboutTheTarget_FirstAndLast_InXOrder()
    {
        var y = Enumerable.Range(0, 100_000).Select(i => Math.Cos(i / 1000.0)).ToArray();

        var keep = Downsampler.Indices(y.Length, [y], 1000);

        Assert.InRange(keep.Length, 500, 1000);
        Assert.Equal(0, keep[0]);
        Assert.Equal(y.Length - 1, keep[^1]);
        Assert.True(keep.Zip(keep.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public void Spikes_Survive()
    {
        var y = Enumerable.Repeat(1.0, 50_000).ToArray();
        y[12_345] = 40; // a loss spike
        y[33_333] = -7; // and a dip

        var (x, thin) = Downsampler.Thin([.. Enumerable.Range(0, y.Length).Select(i => (double)i)], y, 1000);

        Assert.Contains(40.0, thin);
        Assert.Contains(-7.0, thin);
        Assert.Equal(12_345, x[Array.IndexOf(thin, 40.0)]);
    }

    [Fact]
    public void SeveralSeries_KeepEachOnesExtremes()
    {
        var mean = new double[10_000];
        var upper = new double[10_000];
        upper[777] = 5; // only the band's edge has this spike

        var keep = Downsampler.Indices(mean.Length, [mean, upper], 1000);

        Assert.Contains(777, keep);
    }
}
