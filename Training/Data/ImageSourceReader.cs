namespace Ablation.Training.Data;

/// <summary>The two splits of an image set in the shape the run asked for, with its class names.</summary>
/// <param name="ClassCount">
/// The number of classes when the format fixes it (CIFAR, class folders), so a small file that
/// happens to miss the last class still gets a full output layer; null when the labels decide (IDX).
/// </param>
public sealed record ImageSplits(ImageSet Train, ImageSet Test, string[]? ClassNames, int? ClassCount);

/// <summary>
/// Reads any <see cref="DatasetSource"/> into its training and test splits, then applies the
/// run's <see cref="ImageOptions"/> (size, channels, CIFAR-100 label set).
/// </summary>
public static class ImageSourceReader
{
    public static ImageSplits Read(DatasetSource source, ImageOptions options, ImageCache? cache)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        CheckLabelSet(source, options);
        var (train, test, names, count) = source switch
        {
            ResolvedIdx idx => (
                ReadIdx(idx.TrainImages, idx.TrainLabels, idx.Transposed),
                ReadIdx(idx.TestImages, idx.TestLabels, idx.Transposed),
                idx.ClassNames,
                (int?)null),
            CifarSource cifar => (
                CifarReader.Read(cifar, cifar.TrainFiles, options.LabelSet),
                CifarReader.Read(cifar, [cifar.TestFile], options.LabelSet),
                cifar.NamesFor(options.LabelSet),
                cifar.ClassCount(options.LabelSet)),
            ImageFolderSource folder => Folder(folder, options, cache),
            _ => throw new DataException($"{source.DisplayName}: format {source.Format} cannot be read as images"),
        };

        // Folders are decoded at the requested shape already; the others are reshaped here.
        if (options.Channels is { } channels)
        {
            (train, test) = (ImageTransforms.ToChannels(train, channels), ImageTransforms.ToChannels(test, channels));
        }

        if (options.ImageSize is { } size)
        {
            (train, test) = (ImageTransforms.Resize(train, size), ImageTransforms.Resize(test, size));
        }

        return new ImageSplits(train, test, names, count);
    }

    /// <summary>Only CIFAR-100 has a second label set.</summary>
    public static void CheckLabelSet(DatasetSource source, ImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        if (options.LabelSet != ImageOptions.FineLabels && source is not CifarSource { Hundred: true })
        {
            throw new DataException($"{source.DisplayName}: label set '{options.LabelSet}' applies to CIFAR-100 only");
        }
    }

    private static (ImageSet, ImageSet, string[]?, int?) Folder(ImageFolderSource folder, ImageOptions options, ImageCache? cache)
    {
        var (train, test) = ImageFolderReader.Read(folder, options, cache);
        return (train, test, folder.Classes, folder.Classes.Length);
    }

    private static ImageSet ReadIdx(string images, string labels, bool transposed)
    {
        var set = IdxReader.Read(images, labels);
        return transposed ? ImageTransforms.Transpose(set) : set;
    }
}
