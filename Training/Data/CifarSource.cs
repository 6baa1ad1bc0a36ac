namespace Ablation.Training.Data;

/// <summary>
/// CIFAR-10 or CIFAR-100 in the "binary version" of the distribution: fixed-size records of one
/// label byte (CIFAR-100: a coarse then a fine label byte) followed by 3×32×32 pixels, already
/// planar (all red, then green, then blue), which is exactly an <see cref="ImageSet"/>'s layout.
/// </summary>
public sealed record CifarSource(
    string DisplayName,
    string Directory,
    bool Hundred,
    string[] TrainFiles,
    string TestFile,
    string[]? FineNames,
    string[]? CoarseNames)
    : DatasetSource(DisplayName, Directory, FineNames)
{
    public const int Side = 32;
    public const int PixelBytes = 3 * Side * Side;

    public const string Cifar10Folder = "cifar-10-batches-bin";
    public const string Cifar100Folder = "cifar-100-binary";

    public static readonly string[] Cifar10TrainNames =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string Cifar10TestName = "test_batch.bin";
    public const string Cifar10MetaName = "batches.meta.txt";
    public const string Cifar100TrainName = "train.bin";
    public const string Cifar100TestName = "test.bin";
    public const string Cifar100FineNamesFile = "fine_label_names.txt";
    public const string Cifar100CoarseNamesFile = "coarse_label_names.txt";

    public override string Format => Hundred ? "cifar-100" : "cifar-10";

    /// <summary>Label bytes before the pixels of each record.</summary>
    public int LabelBytes => Hundred ? 2 : 1;

    public int RecordSize => LabelBytes + PixelBytes;

    /// <summary>The classes a label set names: 10 for CIFAR-10, 100 fine or 20 coarse for CIFAR-100.</summary>
    public int ClassCount(string labelSet) => !Hundred ? 10 : labelSet == ImageOptions.CoarseLabels ? 20 : 100;

    /// <summary>Whether the folder holds any CIFAR-10 file (so a half-copied set is reported, not skipped).</summary>
    public static bool LooksLikeCifar10(string directory) =>
        Cifar10TrainNames.Append(Cifar10TestName).Any(n => File.Exists(Path.Combine(directory, n)));

    public static bool LooksLikeCifar100(string directory) =>
        File.Exists(Path.Combine(directory, Cifar100TrainName)) || File.Exists(Path.Combine(directory, Cifar100TestName));

    /// <summary>The CIFAR-10 files of a folder; every batch must be there.</summary>
    public static CifarSource Cifar10(string displayName, string directory)
    {
        var missing = Cifar10TrainNames.Append(Cifar10TestName).Where(n => !File.Exists(Path.Combine(directory, n))).ToArray();
        if (missing.Length > 0)
        {
            throw new DataException($"{displayName}: missing {string.Join(", ", missing)} in {directory} (CIFAR-10 binary version)");
        }

        return new CifarSource(
            displayName,
            directory,
            Hundred: false,
            Cifar10TrainNames.Select(n => Path.Combine(directory, n)).ToArray(),
            Path.Combine(directory, Cifar10TestName),
            NamesFile(Path.Combine(directory, Cifar10MetaName), 10),
            CoarseNames: null);
    }

    public static CifarSource Cifar100(string displayName, string directory)
    {
        var missing = new[] { Cifar100TrainName, Cifar100TestName }.Where(n => !File.Exists(Path.Combine(directory, n))).ToArray();
        if (missing.Length > 0)
        {
            throw new DataException($"{displayName}: missing {string.Join(", ", missing)} in {directory} (CIFAR-100 binary version)");
        }

        return new CifarSource(
            displayName,
            directory,
            Hundred: true,
            [Path.Combine(directory, Cifar100TrainName)],
            Path.Combine(directory, Cifar100TestName),
            NamesFile(Path.Combine(directory, Cifar100FineNamesFile), 100),
            NamesFile(Path.Combine(directory, Cifar100CoarseNamesFile), 20));
    }

    /// <summary>Class names for a label set, or null when the names file was absent.</summary>
    public string[]? NamesFor(string labelSet) => Hundred && labelSet == ImageOptions.CoarseLabels ? CoarseNames : FineNames;

    /// <summary>One name per line; blank lines (the files end with some) are dropped.</summary>
    private static string[]? NamesFile(string path, int expected)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != expected)
        {
            throw DataException.ForFile(path, $"lists {names.Length} class names, expected {expected}");
        }

        return names;
    }
}
