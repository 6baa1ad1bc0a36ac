namespace Ablation.Training.Data;

/// <summary>
/// The public image sets users drop into the data root, under the folder names their downloads
/// unpack to. Each entry says which files belong where and where they come from, for the
/// "missing" messages of the worker and the Datasets page.
/// </summary>
/// <param name="Id">The spec's <c>data.dataset</c> value.</param>
/// <param name="Folders">Folders under the data root to look in, in order; the first is where the hint says to drop the files.</param>
/// <param name="Files">The files (or layout) expected in that folder.</param>
/// <param name="Origin">Where to get them, in words.</param>
public sealed record WellKnownDataset(string Id, string Title, string Format, string[] Folders, string[] Files, string Origin)
{
    /// <summary>"Drop … into …": the one-line instruction shown when the set is missing.</summary>
    public string DropHint(string dataRoot) =>
        $"drop {string.Join(", ", Files)} into {Path.Combine(dataRoot, Folders[0])} ({Origin})";
}

/// <summary>The registry of <see cref="WellKnownDataset"/>s.</summary>
public static class WellKnownDatasets
{
    private static readonly string[] _idxFiles =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    public static IReadOnlyList<WellKnownDataset> All { get; } =
    [
        new("mnist", "MNIST handwritten digits", "idx", ["mnist", "mnist/MNIST/raw", "MNIST/raw"], _idxFiles,
            "the four IDX files of Yann LeCun's MNIST page or any MNIST mirror; torchvision's MNIST/raw folder works too"),
        new("kmnist", "Kuzushiji-MNIST", "idx", ["kmnist", "kmnist/KMNIST/raw", "KMNIST/raw"], [.. _idxFiles, "kmnist_classmap.csv (optional: class names)"],
            "the KMNIST IDX files and kmnist_classmap.csv from the ROIS-CODH kmnist repository"),
        .. IdxFamily.EmnistSplits.Select(split => new WellKnownDataset(
            $"emnist-{split}", $"EMNIST {split}", "emnist", ["emnist", "emnist/gzip", "gzip"],
            [$"emnist-{split}-train-images-idx3-ubyte.gz", $"emnist-{split}-train-labels-idx1-ubyte.gz",
             $"emnist-{split}-test-images-idx3-ubyte.gz", $"emnist-{split}-test-labels-idx1-ubyte.gz", $"emnist-{split}-mapping.txt"],
            "the gzip folder of NIST's EMNIST download, unpacked")),
        new("cifar-10", "CIFAR-10", "cifar-10", [CifarSource.Cifar10Folder, "cifar-10", "cifar-10/" + CifarSource.Cifar10Folder],
            [.. CifarSource.Cifar10TrainNames, CifarSource.Cifar10TestName, CifarSource.Cifar10MetaName],
            "the \"CIFAR-10 binary version (suitable for C programs)\" archive from Alex Krizhevsky's CIFAR page, unpacked"),
        new("cifar-100", "CIFAR-100", "cifar-100", [CifarSource.Cifar100Folder, "cifar-100", "cifar-100/" + CifarSource.Cifar100Folder],
            [CifarSource.Cifar100TrainName, CifarSource.Cifar100TestName, CifarSource.Cifar100FineNamesFile, CifarSource.Cifar100CoarseNamesFile],
            "the \"CIFAR-100 binary version (suitable for C programs)\" archive from Alex Krizhevsky's CIFAR page, unpacked"),
        new("tiny-imagenet-200", "Tiny ImageNet (200 classes)", "tiny-imagenet", ["tiny-imagenet-200", "tiny-imagenet"],
            ["train/<wnid>/images/*.JPEG", "val/images/*.JPEG", "val/val_annotations.txt", "wnids.txt", "words.txt"],
            "tiny-imagenet-200.zip from the Stanford CS231n course page, unpacked"),
    ];

    /// <summary>The entry for an id; <c>emnist</c> alone means <c>emnist-balanced</c>, <c>tiny-imagenet</c> the 200-class set.</summary>
    public static WellKnownDataset? Find(string id) => id switch
    {
        "emnist" => Find("emnist-balanced"),
        "tiny-imagenet" => Find("tiny-imagenet-200"),
        _ => All.FirstOrDefault(d => d.Id == id),
    };

    /// <summary>
    /// The set's files under <paramref name="dataRoot"/>: the first candidate folder that has
    /// any of them, checked completely (a half-copied set names its missing files).
    /// </summary>
    public static DatasetSource Resolve(WellKnownDataset known, string displayName, string dataRoot)
    {
        var folders = known.Folders.Select(f => Path.Combine(dataRoot, f)).ToArray();
        var directory = folders.FirstOrDefault(f => HasAny(known, f));
        if (directory is null)
        {
            throw new DataException($"{displayName}: not found in {dataRoot}; {known.DropHint(dataRoot)}");
        }

        DataRootFiles.InSetFolder(dataRoot, directory).RequireTree(directory, displayName);

        return known.Format switch
        {
            "cifar-10" => CifarSource.Cifar10(displayName, directory),
            "cifar-100" => CifarSource.Cifar100(displayName, directory),
            "emnist" => IdxFamily.Emnist(displayName, directory, known.Id["emnist-".Length..]),
            "tiny-imagenet" => ImageFolderScanner.ScanTinyImageNet(displayName, directory),
            _ => throw new InvalidOperationException($"{known.Id}: no resolver for format {known.Format}"),
        };
    }

    private static bool HasAny(WellKnownDataset known, string directory) =>
        Directory.Exists(directory) && known.Format switch
        {
            "cifar-10" => CifarSource.LooksLikeCifar10(directory),
            "cifar-100" => CifarSource.LooksLikeCifar100(directory),
            "emnist" => IdxFamily.EmnistSplitsIn(directory).Contains(known.Id["emnist-".Length..]),
            "tiny-imagenet" => ImageFolderScanner.LooksLikeTinyImageNet(directory) || Directory.Exists(Path.Combine(directory, "train")),
            _ => false,
        };
}
