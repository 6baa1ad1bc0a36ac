using Ablation.Training.Data;

namespace Ablation.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDataRoot _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_GzippedOrRawIdx_ReturnsImagesAndLabels(bool gzip)
    {
        var (pixels, labels) = IdxTestFiles.Synthetic(count: 7, height: 5, width: 3, classes: 4);
        var images = IdxTestFiles.Write(_temp.Combine("images"), IdxTestFiles.ImagesBytes(7, 5, 3, pixels), gzip);
        var labelFile = IdxTestFiles.Write(_temp.Combine("labels"), IdxTestFiles.LabelsBytes(labels), gzip);

        var set = IdxReader.Read(images, labelFile);

        Assert.Equal(7, set.Count);
        Assert.Equal(1, set.Channels);
        Assert.Equal(5, set.Height);
        Assert.Equal(3, set.Width);
        Assert.Equal(15, set.SampleSize);
        Assert.Equal(pixels, set.Pixels);
        Assert.Equal(labels.Select(l => (long)l), set.Labels);
    }

    [Fact]
    public void Read_GzipIsDetectedByHeaderNotByExtension()
    {
        var (pixels, labels) = IdxTestFiles.Synthetic(count: 3, height: 2, width: 2, classes: 3);
        var gzippedWithoutExtension = IdxTestFiles.Write(_temp.Combine("images-idx3-ubyte"), IdxTestFiles.ImagesBytes(3, 2, 2, pixels), gzip: true);
        var rawWithGzExtension = IdxTestFiles.Write(_temp.Combine("labels-idx1-ubyte.gz"), IdxTestFiles.LabelsBytes(labels), gzip: false);

        var set = IdxReader.Read(gzippedWithoutExtension, rawWithGzExtension);

        Assert.Equal(pixels, set.Pixels);
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void Read_FullSizeMnistFile_ReadsEveryByte()
    {
        var (pixels, labels) = IdxTestFiles.Synthetic(count: 60_000, height: 28, width: 28, classes: 10);
        var images = IdxTestFiles.Write(_temp.Combine("train-images-idx3-ubyte.gz"), IdxTestFiles.ImagesBytes(60_000, 28, 28, pixels), gzip: true);
        var labelFile = IdxTestFiles.Write(_temp.Combine("train-labels-idx1-ubyte.gz"), IdxTestFiles.LabelsBytes(labels), gzip: true);

        var set = IdxReader.Read(images, labelFile);

        Assert.Equal(60_000, set.Count);
        Assert.Equal(pixels, set.Pixels);
        Assert.Equal(9, set.Labels[59_999]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadImages_WrongMagic_ThrowsNamingFileAndBothNumbers(bool gzip)
    {
        var path = IdxTestFiles.Write(
            _temp.Combine("train-images-idx3-ubyte.gz"),
            IdxTestFiles.ImagesBytes(1, 2, 2, new byte[4], magic: 0x00000802),
            gzip);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
        Assert.Contains("wrong magic number 0x00000802 (expected 0x00000803 for IDX images)", error.Message);
    }

    [Fact]
    public void ReadImages_LabelFileGiven_SaysItIsALabelFile()
    {
        var path = IdxTestFiles.Write(_temp.Combine("swapped"), IdxTestFiles.LabelsBytes([1, 2, 3]), gzip: false);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("0x00000801", error.Message);
        Assert.Contains("label file", error.Message);
    }

    [Fact]
    public void ReadLabels_WrongMagic_ThrowsNamingFile()
    {
        var path = IdxTestFiles.Write(_temp.Combine("t10k-labels-idx1-ubyte"), IdxTestFiles.ImagesBytes(1, 1, 1, [0]), gzip: false);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("t10k-labels-idx1-ubyte", error.Message);
        Assert.Contains("expected 0x00000801 for IDX labels", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadImages_TruncatedData_ThrowsWithExpectedAndFoundSizes(bool gzip)
    {
        var full = IdxTestFiles.ImagesBytes(10, 4, 4, new byte[160]);
        var path = IdxTestFiles.Write(_temp.Combine("cut-images"), full[..100], gzip);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("cut-images", error.Message);
        Assert.Contains("truncated: expected 176 bytes, found 100", error.Message);
    }

    [Fact]
    public void ReadImages_TruncatedHeader_Throws()
    {
        var path = IdxTestFiles.Write(_temp.Combine("short-header"), IdxTestFiles.ImagesBytes(1, 1, 1, [0])[..10], gzip: false);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("short-header", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void ReadImages_EmptyFile_Throws()
    {
        var path = IdxTestFiles.Write(_temp.Combine("empty"), [], gzip: false);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("empty: truncated", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadImages_TrailingBytes_Throws(bool gzip)
    {
        var path = IdxTestFiles.Write(_temp.Combine("long-images"), [.. IdxTestFiles.ImagesBytes(2, 2, 2, new byte[8]), 1, 2, 3], gzip);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("long-images", error.Message);
        Assert.Contains("3 unexpected bytes after the 24", error.Message);
    }

    [Theory]
    [InlineData(0, 2, 2)]
    [InlineData(1, 0, 2)]
    [InlineData(1, 2, -1)]
    public void ReadImages_NonPositiveDimension_Throws(int count, int height, int width)
    {
        var path = IdxTestFiles.Write(_temp.Combine("zero-dim"), IdxTestFiles.ImagesBytes(count, height, width, []), gzip: false);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("zero-dim", error.Message);
        Assert.Contains("must be positive", error.Message);
    }

    [Fact]
    public void ReadImages_HeaderPromisingMoreThanAnArray_Throws()
    {
        var path = IdxTestFiles.Write(_temp.Combine("huge"), IdxTestFiles.ImagesBytes(100_000, 100_000, 100_000, []), gzip: false);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("huge", error.Message);
    }

    [Fact]
    public void Read_LabelCountMismatch_ThrowsNamingBothFiles()
    {
        var (pixels, _) = IdxTestFiles.Synthetic(count: 99, height: 2, width: 2, classes: 10);
        var images = IdxTestFiles.Write(_temp.Combine("imgs"), IdxTestFiles.ImagesBytes(99, 2, 2, pixels), gzip: true);
        var labels = IdxTestFiles.Write(_temp.Combine("lbls"), IdxTestFiles.LabelsBytes(new byte[100]), gzip: true);

        var error = Assert.Throws<DataException>(() => IdxReader.Read(images, labels));

        Assert.Contains("lbls", error.Message);
        Assert.Contains("label count 100 does not match image count 99", error.Message);
        Assert.Contains("imgs", error.Message);
    }

    [Fact]
    public void ReadImages_MissingFile_ThrowsNamingFile()
    {
        var path = _temp.Combine("nowhere", "train-images-idx3-ubyte.gz");

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Equal($"{path}: file not found", error.Message);
    }

    [Fact]
    public void ReadImages_CorruptGzip_ThrowsNamingFile()
    {
        var path = IdxTestFiles.Write(_temp.Combine("corrupt.gz"), [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff], gzip: false);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("corrupt.gz", error.Message);
    }

    [Fact]
    public void DataException_Messages_AreOneLine()
    {
        var path = IdxTestFiles.Write(_temp.Combine("one-line"), IdxTestFiles.ImagesBytes(5, 5, 5, new byte[3]), gzip: true);

        var error = Assert.Throws<DataException>(() => IdxReader.ReadImages(path));

        Assert.DoesNotContain('\n', error.Message);
    }
}
