namespace Ablation.Training.Data;

/// <summary>
/// Decodes a folder-based set on every core through the shim's stb_image, at one square size
/// and channel count, and keeps the result in an <see cref="ImageCache"/>.
/// </summary>
public static class ImageFolderReader
{
    public static (ImageSet Train, ImageSet Test) Read(ImageFolderSource source, ImageOptions options, ImageCache? cache)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var size = options.ImageSize ?? ImageOptions.DefaultFolderImageSize;

        // Keyed by the channels asked for (0: the majority), so a cached load reads no image at all.
        var requested = options.Channels ?? 0;
        var cachePath = cache?.PathFor(source, requested, size);
        if (cachePath is not null && ImageCache.TryRead(cachePath, requested, size, source.Train.Count, source.Test.Count) is { } cached)
        {
            return cached;
        }

        var channels = options.Channels ?? source.MajorityChannels();
        var sampleSize = (long)channels * size * size;
        if (Math.Max(source.Train.Count, source.Test.Count) * sampleSize > Array.MaxLength)
        {
            throw new DataException(
                $"{source.DisplayName}: {source.Train.Count} images of {channels}x{size}x{size} do not fit in memory as one array; "
                + "use a smaller data.image_size");
        }

        var train = Decode(source.Train, channels, size);
        var test = Decode(source.Test, channels, size);
        if (cachePath is not null)
        {
            ImageCache.TryWrite(cachePath, train, test);
        }

        return (train, test);
    }

    /// <summary>Decodes the given files (for sample grids); same size and channels rules as <see cref="Read"/>.</summary>
    public static ImageSet Decode(IReadOnlyList<ImageFile> files, int channels, int size)
    {
        var sampleSize = channels * size * size;
        var pixels = new byte[(long)files.Count * sampleSize];
        var labels = files.Select(f => (long)f.Label).ToArray();
        try
        {
            Parallel.For(0, files.Count, i => ImageDecoding.Decode(files[i].Path, channels, size, pixels.AsSpan(i * sampleSize, sampleSize)));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is DataException) is DataException first)
        {
            // Parallel.For wraps what the bodies threw; the first bad file is the one message to show.
            throw first;
        }

        return new ImageSet(pixels, labels, channels, size, size);
    }
}
