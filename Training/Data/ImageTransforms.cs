using Ablation.Training.Torch;

namespace Ablation.Training.Data;

/// <summary>Whole-set reshaping of uint8 images: EMNIST's transposition, resizing, gray ↔ RGB.</summary>
public static class ImageTransforms
{
    /// <summary>Swaps rows and columns of every plane (EMNIST stores its images transposed).</summary>
    public static ImageSet Transpose(ImageSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var (h, w) = (set.Height, set.Width);
        var plane = h * w;
        var source = set.Pixels;
        var pixels = new byte[source.LongLength];
        for (long p = 0; p < source.LongLength / plane; p++)
        {
            var offset = p * plane;
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    pixels[offset + x * h + y] = source[offset + y * w + x];
                }
            }
        }

        return new ImageSet(pixels, set.Labels, set.Channels, w, h);
    }

    /// <summary>Resizes every image to size×size with stb_image_resize (unchanged when it already is).</summary>
    public static ImageSet Resize(ImageSet set, int size)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Height == size && set.Width == size)
        {
            return set;
        }

        if ((long)set.Count * set.Channels * size * size > Array.MaxLength)
        {
            throw new DataException($"{set.Count} images of {set.Channels}x{size}x{size} do not fit in memory as one array; use a smaller data.image_size");
        }

        var pixels = ImageCodec.Resize(set.Pixels, set.Count, set.Channels, set.Height, set.Width, size, size);
        return new ImageSet(pixels, set.Labels, set.Channels, size, size);
    }

    /// <summary>Gray to RGB repeats the plane; RGB to gray uses the ITU-R BT.601 luma weights (as PIL's "L" does).</summary>
    public static ImageSet ToChannels(ImageSet set, int channels)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Channels == channels)
        {
            return set;
        }

        var plane = set.Height * set.Width;
        var pixels = new byte[(long)set.Count * channels * plane];
        for (var n = 0; n < set.Count; n++)
        {
            var source = set.Pixels.AsSpan(n * set.SampleSize, set.SampleSize);
            var target = pixels.AsSpan(n * channels * plane, channels * plane);
            if (set.Channels == 1 && channels == 3)
            {
                for (var c = 0; c < 3; c++)
                {
                    source.CopyTo(target.Slice(c * plane, plane));
                }
            }
            else if (set.Channels == 3 && channels == 1)
            {
                for (var p = 0; p < plane; p++)
                {
                    var luma = (299 * source[p] + 587 * source[plane + p] + 114 * source[2 * plane + p] + 500) / 1000;
                    target[p] = (byte)luma;
                }
            }
            else
            {
                throw new ArgumentException($"cannot convert {set.Channels} channels to {channels}");
            }
        }

        return new ImageSet(pixels, set.Labels, channels, set.Height, set.Width);
    }
}
