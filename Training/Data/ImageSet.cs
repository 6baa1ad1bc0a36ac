namespace Ablation.Training.Data;

/// <summary>
/// A set of same-sized images with integer labels, kept as bytes until the engine turns a batch
/// into a tensor (four times smaller than floats, and the scaling happens on the device anyway).
/// </summary>
public sealed class ImageSet
{
    public ImageSet(byte[] pixels, long[] labels, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);

        var sampleSize = (long)channels * height * width;
        if (sampleSize > Array.MaxLength)
        {
            throw new ArgumentException($"An image of {channels}x{height}x{width} is too large.");
        }

        if (pixels.LongLength != labels.LongLength * sampleSize)
        {
            throw new ArgumentException(
                $"{pixels.LongLength} pixels do not make {labels.Length} images of {channels}x{height}x{width}.",
                nameof(pixels));
        }

        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>All pixels, N×C×H×W in row-major order (NCHW), one byte per value.</summary>
    public byte[] Pixels { get; }

    public long[] Labels { get; }

    public int Count => Labels.Length;

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Bytes per image: Channels × Height × Width.</summary>
    public int SampleSize => Channels * Height * Width;

    public ReadOnlySpan<byte> Sample(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * SampleSize, SampleSize);
    }

    /// <summary>A new set holding copies of the given rows, in the given order (repeats allowed).</summary>
    public ImageSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);

        var sampleSize = SampleSize;
        if ((long)indices.Count * sampleSize > Array.MaxLength)
        {
            throw new ArgumentException($"Selecting {indices.Count} images of {sampleSize} bytes exceeds the largest array.");
        }

        var pixels = new byte[indices.Count * sampleSize];
        var labels = new long[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            var source = indices[i];
            if ((uint)source >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {source} is outside 0..{Count - 1}.");
            }

            Pixels.AsSpan(source * sampleSize, sampleSize).CopyTo(pixels.AsSpan(i * sampleSize, sampleSize));
            labels[i] = Labels[source];
        }

        return new ImageSet(pixels, labels, Channels, Height, Width);
    }
}
