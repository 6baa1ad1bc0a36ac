namespace Ablation.Training.Data;

/// <summary>
/// Recognises the layout of a folder that is not a well-known set by the files in it: IDX
/// files, EMNIST's split files, CIFAR binary batches, the Tiny-ImageNet-200 layout, or class
/// folders of images.
/// </summary>
public static class DatasetLayouts
{
    /// <param name="idx">Resolves the folder as the four standard IDX files (throwing the message that names the missing ones).</param>
    public static DatasetSource Detect(string displayName, string directory, Func<ResolvedIdx> idx)
    {
        ArgumentNullException.ThrowIfNull(idx);
        if (!Directory.Exists(directory) || DataCatalog.HasAnyFile(directory))
        {
            return idx();
        }

        var splits = IdxFamily.EmnistSplitsIn(directory);
        if (splits.Length == 1)
        {
            return IdxFamily.Emnist(displayName, directory, splits[0]);
        }

        if (splits.Length > 1)
        {
            throw new DataException(
                $"{displayName}: {directory} holds the EMNIST splits {string.Join(", ", splits)}; "
                + $"name one as the dataset (emnist-{splits[0]}, …) with the files in the data root's emnist/ folder");
        }

        if (CifarSource.LooksLikeCifar10(directory))
        {
            return CifarSource.Cifar10(displayName, directory);
        }

        if (CifarSource.LooksLikeCifar100(directory))
        {
            return CifarSource.Cifar100(displayName, directory);
        }

        if (ImageFolderScanner.LooksLikeTinyImageNet(directory))
        {
            return ImageFolderScanner.ScanTinyImageNet(displayName, directory);
        }

        if (ImageFolderScanner.LooksLikeImageFolder(directory))
        {
            return ImageFolderScanner.Scan(displayName, directory);
        }

        throw new DataException(
            $"{displayName}: no dataset files in {directory} (expected IDX files {DataCatalog.ExpectedFilesDescription}, "
            + "CIFAR binary batches, or class folders of images: <class>/<image>.png|jpg)");
    }
}
