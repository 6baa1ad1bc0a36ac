namespace Ablation.Training.Data;

/// <summary>Per-channel statistics used to standardize inputs after they are scaled to [0, 1].</summary>
public static class Normalization
{
    /// <summary>
    /// Mean and population standard deviation (divided by N, as torchvision's published constants
    /// are) of pixel/255 for each channel over the whole set. A channel that is constant gets a
    /// standard deviation of 1 so that normalizing with it can never divide by zero.
    /// </summary>
    public static (float[] Mean, float[] Std) ChannelStats(ImageSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count == 0)
        {
            throw new ArgumentException("Channel statistics need at least one image.", nameof(set));
        }

        // A histogram per channel keeps the inner loop to one increment per pixel, and makes the
        // sums exact integers: no rounding drift over tens of millions of pixels.
        var histograms = new long[set.Channels][];
        for (var c = 0; c < set.Channels; c++)
        {
            histograms[c] = new long[256];
        }

        var plane = set.Height * set.Width;
        var pixels = set.Pixels;
        var offset = 0;
        for (var n = 0; n < set.Count; n++)
        {
            for (var c = 0; c < set.Channels; c++)
            {
                var histogram = histograms[c];
                foreach (var value in pixels.AsSpan(offset, plane))
                {
                    histogram[value]++;
                }

                offset += plane;
            }
        }

        var mean = new float[set.Channels];
        var std = new float[set.Channels];
        var valuesPerChannel = (double)set.Count * plane;
        for (var c = 0; c < set.Channels; c++)
        {
            double sum = 0;
            double sumOfSquares = 0;
            for (var v = 0; v < 256; v++)
            {
                double count = histograms[c][v];
                sum += count * v;
                sumOfSquares += count * v * v;
            }

            var m = sum / valuesPerChannel / 255.0;
            var variance = Math.Max(0.0, sumOfSquares / valuesPerChannel / (255.0 * 255.0) - m * m);
            var s = Math.Sqrt(variance);
            mean[c] = (float)m;
            std[c] = s > 1e-12 ? (float)s : 1f;
        }

        return (mean, std);
    }
}
