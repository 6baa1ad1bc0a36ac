namespace Ablation.Training.Data;

/// <summary>What a listing shows about an image set, read without decoding or loading every image.</summary>
/// <param name="InputShape">[C, H, W] as a run with default options would see it.</param>
public sealed record DatasetSummary(
    string Name,
    string Format,
    string Directory,
    int TrainCount,
    int TestCount,
    int[] InputShape,
    string[] ClassNames,
    string TestFrom);

/// <summary>
/// Sizes, shapes, class names and a few sample images of a <see cref="DatasetSource"/>, cheaply:
/// IDX headers and label files, CIFAR file lengths, folder listings and image headers. The
/// Datasets page and the study check use it instead of loading a whole set.
/// </summary>
public static class DatasetInspector
{
    public static DatasetSummary Summarize(DatasetSource source, ImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ImageSourceReader.CheckLabelSet(source, options);
        switch (source)
        {
            case ResolvedIdx idx:
            {
                var (trainCount, height, width) = IdxReader.ReadImagesHeader(idx.TrainImages);
                var (testCount, _, _) = IdxReader.ReadImagesHeader(idx.TestImages);
                var maxLabel = IdxReader.ReadLabels(idx.TrainLabels).Concat(IdxReader.ReadLabels(idx.TestLabels)).DefaultIfEmpty().Max();
                if (idx.Transposed)
                {
                    (height, width) = (width, height);
                }

                var shape = Shape(options, 1, height, width);
                return new DatasetSummary(
                    idx.DisplayName, idx.Format, idx.Directory, trainCount, testCount, shape, Names(idx.ClassNames, maxLabel + 1), "the t10k/test files");
            }

            case CifarSource cifar:
            {
                var train = cifar.TrainFiles.Sum(f => CifarReader.RecordCount(cifar, f));
                var test = CifarReader.RecordCount(cifar, cifar.TestFile);
                var classes = cifar.ClassCount(options.LabelSet);
                var shape = Shape(options, 3, CifarSource.Side, CifarSource.Side);
                return new DatasetSummary(
                    cifar.DisplayName, cifar.Format, cifar.Directory, train, test, shape, Names(cifar.NamesFor(options.LabelSet), classes), Path.GetFileName(cifar.TestFile));
            }

            case ImageFolderSource folder:
            {
                var size = options.ImageSize ?? ImageOptions.DefaultFolderImageSize;
                var channels = options.Channels ?? folder.MajorityChannels();
                return new DatasetSummary(
                    folder.DisplayName, folder.Format, folder.Directory, folder.Train.Count, folder.Test.Count, [channels, size, size], folder.Classes, folder.TestFrom);
            }

            default:
                throw new DataException($"{source.DisplayName}: format {source.Format} has no image summary");
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> test images, taken round-robin over the classes (the first
    /// image of every class, then the second, …) so a grid shows every class it can.
    /// </summary>
    public static ImageSet Samples(DatasetSource source, ImageOptions options, int max)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is ImageFolderSource folder)
        {
            var picked = RoundRobin(folder.Test.Select(f => (long)f.Label).ToArray(), max).Select(i => folder.Test[i]).ToArray();
            var size = options.ImageSize ?? ImageOptions.DefaultFolderImageSize;
            return ImageFolderReader.Decode(picked, options.Channels ?? folder.MajorityChannels(), size);
        }

        // IDX and CIFAR test files are small enough to read whole; only the picked images are reshaped.
        var test = ImageSourceReader.Read(source, options with { ImageSize = null, Channels = null }, cache: null).Test;
        var samples = test.Select(RoundRobin(test.Labels, max));
        samples = options.Channels is { } channels ? ImageTransforms.ToChannels(samples, channels) : samples;
        return options.ImageSize is { } side ? ImageTransforms.Resize(samples, side) : samples;
    }

    /// <summary>Positions of the first image of each label in label order, then the second, … up to <paramref name="max"/>.</summary>
    public static int[] RoundRobin(long[] labels, int max)
    {
        var byLabel = labels.Select((label, i) => (label, i)).GroupBy(p => p.label).OrderBy(g => g.Key).Select(g => g.Select(p => p.i).ToArray()).ToArray();
        var picked = new List<int>();
        for (var round = 0; picked.Count < max && byLabel.Any(g => g.Length > round); round++)
        {
            foreach (var group in byLabel)
            {
                if (round < group.Length && picked.Count < max)
                {
                    picked.Add(group[round]);
                }
            }
        }

        return picked.ToArray();
    }

    private static int[] Shape(ImageOptions options, int channels, int height, int width) =>
        options.ImageSize is { } size ? [options.Channels ?? channels, size, size] : [options.Channels ?? channels, height, width];

    private static string[] Names(string[]? known, int count) =>
        known is not null && known.Length >= count
            ? known[..count]
            : Enumerable.Range(0, count).Select(i => known is not null && i < known.Length ? known[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
