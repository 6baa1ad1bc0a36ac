using Ablation.Training.Data;

namespace Ablation.Tests.Data;

public sealed class NormalizationTests
{
    [Fact]
    public void ChannelStats_MatchHandComputation()
    {
        // Two images, two channels of 1×2 pixels. Channel 0 holds 0, 255, 51, 102, which are
        // 0, 1, 0.2, 0.4 after scaling: mean 0.4, variance (0 + 1 + 0.04 + 0.16)/4 - 0.16 = 0.14.
        var set = new ImageSet(
            pixels: [0, 255, 10, 10, /* image 1 */ 51, 102, 10, 10],
            labels: [0, 1],
            channels: 2,
            height: 1,
            width: 2);

        var (mean, std) = Normalization.ChannelStats(set);

        Assert.Equal(0.4, mean[0], 6);
        Assert.Equal(Math.Sqrt(0.14), std[0], 6);
        Assert.Equal(10 / 255.0, mean[1], 6);
    }

    [Fact]
    public void ChannelStats_ConstantChannel_GetsUnitStd()
    {
        var set = new ImageSet([7, 7, 7, 7], [0, 0], channels: 1, height: 1, width: 2);

        var (_, std) = Normalization.ChannelStats(set);

        Assert.Equal(1f, std[0]);
    }

    [Fact]
    public void ChannelStats_AgreeWithDirectComputationOnLargerSet()
    {
        var (pixels, labels) = IdxTestFiles.Synthetic(count: 200, height: 6, width: 5, classes: 3);
        var set = new ImageSet(pixels, labels.Select(l => (long)l).ToArray(), channels: 3, height: 2, width: 5);

        var (mean, std) = Normalization.ChannelStats(set);

        for (var c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, set.Count)
                .SelectMany(n => set.Sample(n).Slice(c * 10, 10).ToArray())
                .Select(v => v / 255.0)
                .ToArray();
            var expectedMean = values.Average();
            var expectedStd = Math.Sqrt(values.Select(v => (v - expectedMean) * (v - expectedMean)).Average());
            Assert.Equal(expectedMean, mean[c], 5);
            Assert.Equal(expectedStd, std[c], 5);
        }
    }

    [Fact]
    public void ChannelStats_EmptySet_Throws()
    {
        Assert.Throws<ArgumentException>(() => Normalization.ChannelStats(new ImageSet([], [], 1, 2, 2)));
    }
}
