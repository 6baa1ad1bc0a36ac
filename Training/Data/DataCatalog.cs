using System.Text.RegularExpressions;

namespace Ablation.Training.Data;

/// <summary>
/// Turns the dataset value of a run spec (an id such as <c>fashion-mnist</c> or <c>cifar-10</c>,
/// or a folder relative to the data root such as <c>users/ana/digits</c>) into a
/// <see cref="DatasetSource"/>: IDX files, CIFAR batches or an image folder (see
/// <see cref="WellKnownDatasets"/> and docs/datasets.md). Nothing outside the data root (or
/// Debian's Fashion-MNIST folder) is ever opened, because the value comes from whoever fills in
/// the study form.
/// </summary>
public sealed partial class DataCatalog
{
    public const string FashionMnistId = "fashion-mnist";
    public const string MnistId = "mnist";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs its files.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    private static readonly string[] _fashionMnistClasses =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    private static readonly string[] _digitClasses = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private static readonly IdxFileName[] _fileNames =
    [
        new("train", "images", 3),
        new("train", "labels", 1),
        new("t10k", "images", 3),
        new("t10k", "labels", 1),
    ];

    private readonly string _dataRoot;
    private readonly string _debianFashionMnistDirectory;

    /// <param name="dataRoot">The folder users drop datasets into; relative paths are taken from the current directory.</param>
    /// <param name="debianFashionMnistDirectory">Where to look for Fashion-MNIST when the data root lacks it; tests point this elsewhere.</param>
    public DataCatalog(string dataRoot, string? debianFashionMnistDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        _dataRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot));
        _debianFashionMnistDirectory = debianFashionMnistDirectory ?? DebianFashionMnistDirectory;
    }

    public string DataRoot => _dataRoot;

    /// <summary>Where decoded image folders are kept: the data root's <c>.cache/images</c>.</summary>
    public ImageCache ImageCache => new(Path.Combine(_dataRoot, ".cache", "images"));

    /// <summary>
    /// The standard names, as listed in error messages: <c>train-images-idx3-ubyte[.gz]</c> and so on.
    /// </summary>
    public static string ExpectedFilesDescription =>
        string.Join(", ", _fileNames.Select(f => $"{f.Canonical}[.gz]"));

    public DatasetSource Resolve(string datasetOrPath)
    {
        if (string.IsNullOrWhiteSpace(datasetOrPath))
        {
            throw new DataException("dataset: no dataset id or path given");
        }

        if (datasetOrPath.Contains('/') || datasetOrPath.Contains('\\'))
        {
            return ResolvePath(datasetOrPath);
        }

        if (!DatasetId().IsMatch(datasetOrPath))
        {
            throw new DataException(
                $"dataset '{datasetOrPath}': not a valid id (lowercase letters, digits, '.', '_' and '-', starting with a letter or digit) "
                + "and not a path (a path contains '/')");
        }

        var inRoot = Path.Combine(_dataRoot, datasetOrPath);
        if (datasetOrPath == FashionMnistId)
        {
            // The data root wins so a user can replace the packaged copy; Debian's is the offline
            // default. A half-filled folder in the data root is an error rather than silently
            // ignored, or the user would train on other files than the ones they dropped.
            if (HasAnyFile(inRoot))
            {
                DataRootFiles.InSetFolder(_dataRoot, inRoot).RequireTree(inRoot, datasetOrPath);
                return Build(datasetOrPath, inRoot, RequireIdxFiles(datasetOrPath, inRoot), _fashionMnistClasses);
            }

            if (FindFiles(_debianFashionMnistDirectory) is { } packaged)
            {
                DataRootFiles.InSetFolder(_dataRoot, _debianFashionMnistDirectory).RequireTree(_debianFashionMnistDirectory, datasetOrPath);
                return Build(datasetOrPath, _debianFashionMnistDirectory, packaged, _fashionMnistClasses);
            }

            throw new DataException(
                $"{FashionMnistId}: no IDX files in {inRoot} or {_debianFashionMnistDirectory} "
                + $"(install Debian's dataset-fashion-mnist package, or drop {ExpectedFilesDescription} into {inRoot})");
        }

        if (WellKnownDatasets.Find(datasetOrPath) is { } known)
        {
            return known.Format == "idx" ? ResolveIdxFamily(known, datasetOrPath) : WellKnownDatasets.Resolve(known, datasetOrPath, _dataRoot);
        }

        // A folder directly under the root is the operator's, and may be a link to another disk;
        // the files in it may not lead anywhere else.
        DataRootFiles.InSetFolder(_dataRoot, inRoot).RequireTree(inRoot, datasetOrPath);
        return DatasetLayouts.Detect(datasetOrPath, inRoot, () => RequireFiles(datasetOrPath, inRoot));
    }

    /// <summary>MNIST and KMNIST: the standard IDX names in the first candidate folder holding any of them.</summary>
    private ResolvedIdx ResolveIdxFamily(WellKnownDataset known, string id)
    {
        var directory = known.Folders.Select(f => Path.Combine(_dataRoot, f)).FirstOrDefault(HasAnyFile) ?? Path.Combine(_dataRoot, id);
        DataRootFiles.InSetFolder(_dataRoot, directory).RequireTree(directory, id);
        return Build(id, directory, RequireIdxFiles(id, directory), id == MnistId ? _digitClasses : IdxFamily.KmnistClassNames(directory));
    }

    private DatasetSource ResolvePath(string relativePath)
    {
        if (Path.IsPathRooted(relativePath))
        {
            throw new DataException($"path '{relativePath}' is absolute; give a folder relative to the data root {_dataRoot}");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(_dataRoot, relativePath)));
        // Compared after GetFullPath has folded every "..", and against root + separator so that
        // a sibling such as /data-old does not pass for being inside /data. Symbolic links inside
        // the root are followed: what sits in the data root is the operator's choice.
        var rootPrefix = Path.EndsInDirectorySeparator(_dataRoot) ? _dataRoot : _dataRoot + Path.DirectorySeparatorChar;
        var inside = full == _dataRoot || full.StartsWith(rootPrefix, StringComparison.Ordinal);
        if (!inside)
        {
            throw new DataException($"path '{relativePath}' is outside the data root {_dataRoot}");
        }

        if (DataRootPaths.EscapesThroughLink(_dataRoot, full) is { } target)
        {
            throw new DataException($"path '{relativePath}' leads outside the data root {_dataRoot} through a symbolic link (to {target})");
        }

        var displayName = full == _dataRoot ? "." : Path.GetRelativePath(_dataRoot, full).Replace('\\', '/');
        DataRootFiles.InRoot(_dataRoot).RequireTree(full, displayName);
        return DatasetLayouts.Detect(displayName, full, () => RequireFiles(displayName, full));
    }

    internal static ResolvedIdx RequireFiles(string displayName, string directory) =>
        Build(displayName, directory, RequireIdxFiles(displayName, directory), classNames: null);

    private static string[] RequireIdxFiles(string displayName, string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DataException($"{displayName}: no IDX files in {directory} (no such folder; expected {ExpectedFilesDescription})");
        }

        var found = _fileNames.Select(f => f.FindIn(directory)).ToArray();
        if (found.All(f => f is null))
        {
            throw new DataException($"{displayName}: no IDX files in {directory} (expected {ExpectedFilesDescription})");
        }

        var missing = _fileNames.Where((_, i) => found[i] is null).Select(f => $"{f.Canonical}[.gz]").ToArray();
        if (missing.Length > 0)
        {
            throw new DataException($"{displayName}: missing {string.Join(", ", missing)} in {directory}");
        }

        return found.Select(f => f!).ToArray();
    }

    private static string[]? FindFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var found = _fileNames.Select(f => f.FindIn(directory)).ToArray();
        return found.All(f => f is not null) ? found.Select(f => f!).ToArray() : null;
    }

    /// <summary>Whether the folder holds any of the four standard IDX files.</summary>
    public static bool HasAnyFile(string directory) =>
        Directory.Exists(directory) && _fileNames.Any(f => f.FindIn(directory) is not null);

    private static ResolvedIdx Build(string displayName, string directory, string[] files, string[]? classNames) =>
        new(displayName, directory, files[0], files[1], files[2], files[3], classNames?.ToArray());

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DatasetId();

    /// <summary>One of the four standard files, in the spellings found in the wild.</summary>
    private sealed record IdxFileName(string Split, string Kind, int Rank)
    {
        public string Canonical => $"{Split}-{Kind}-idx{Rank}-ubyte";

        // Some mirrors (and torchvision's old raw folder) write "train-images.idx3-ubyte".
        private string DotVariant => $"{Split}-{Kind}.idx{Rank}-ubyte";

        public string? FindIn(string directory)
        {
            foreach (var name in new[] { Canonical, Canonical + ".gz", DotVariant, DotVariant + ".gz" })
            {
                var path = Path.Combine(directory, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }

            return null;
        }
    }
}

/// <summary>
/// The four IDX files of a dataset. <see cref="DatasetSource.ClassNames"/> is null when the
/// dataset does not name its classes; the loader then names them by label value.
/// <see cref="Transposed"/> marks EMNIST, whose images are stored with rows and columns swapped.
/// </summary>
public sealed record ResolvedIdx(
    string DisplayName,
    string Directory,
    string TrainImages,
    string TrainLabels,
    string TestImages,
    string TestLabels,
    string[]? ClassNames,
    bool Transposed = false)
    : DatasetSource(DisplayName, Directory, ClassNames)
{
    public override string Format => Transposed ? "emnist" : "idx";

    public IReadOnlyList<string> Files => [TrainImages, TrainLabels, TestImages, TestLabels];
}
