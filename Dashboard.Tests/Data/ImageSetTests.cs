using Ablation.Training.Data;

namespace Ablation.Tests.Data;

public sealed class ImageSetTests
{
    private static ImageSet ThreeTwoChannelImages() => new(
        pixels: [1, 2, 3, 4, /* image 1 */ 5, 6, 7, 8, /* image 2 */ 9, 10, 11, 12],
        labels: [0, 1, 2],
        channels: 2,
        height: 1,
        width: 2);

    [Fact]
    public void Select_ReturnsRowsInTheGivenOrder()
    {
        var selected = ThreeTwoChannelImages().Select([2, 0, 2]);

        Assert.Equal(3, selected.Count);
        Assert.Equal(new byte[] { 9, 10, 11, 12, 1, 2, 3, 4, 9, 10, 11, 12 }, selected.Pixels);
        Assert.Equal(new long[] { 2, 0, 2 }, selected.Labels);
        Assert.Equal((2, 1, 2), (selected.Channels, selected.Height, selected.Width));
    }

    [Fact]
    public void Select_NoIndices_GivesEmptySetOfSameShape()
    {
        var selected = ThreeTwoChannelImages().Select([]);

        Assert.Equal(0, selected.Count);
        Assert.Empty(selected.Pixels);
        Assert.Equal(4, selected.SampleSize);
    }

    [Fact]
    public void Select_IndexOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreeTwoChannelImages().Select([3]));
    }

    [Fact]
    public void Sample_ReturnsThatImagesBytes()
    {
        Assert.Equal(new byte[] { 5, 6, 7, 8 }, ThreeTwoChannelImages().Sample(1).ToArray());
    }

    [Fact]
    public void Constructor_PixelCountNotMatchingShape_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ImageSet(new byte[5], [0, 1], channels: 1, height: 1, width: 2));
    }
}
