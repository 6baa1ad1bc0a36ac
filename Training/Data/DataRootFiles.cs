namespace Ablation.Training.Data;

/// <summary>
/// Where the files of one data set may really be, once symbolic links are followed: inside the real
/// data root, or inside the real folder the operator put the set in (a folder directly under the
/// root named by an id, which may be a link to another disk, or Debian's packaged Fashion-MNIST).
/// A file link is held to the same rule as a folder link: a CSV or an image inside the data root
/// that links to <c>/etc/passwd</c> is refused before it is opened, and the message names the link
/// and where it leads, never what the target holds.
/// </summary>
internal sealed class DataRootFiles
{
    private readonly string _dataRoot;
    private readonly string? _setFolder;
    private readonly string[] _realBases;

    private DataRootFiles(string dataRoot, string? setFolder)
    {
        _dataRoot = dataRoot;
        var realRoot = DataRootPaths.RealPath(dataRoot) ?? dataRoot;
        _realBases = [realRoot];
        if (setFolder is not null && OperatorsFolder(dataRoot, setFolder) is var chosen && DataRootPaths.RealPath(chosen) is { } realChosen
            && !IsBelow(realChosen, realRoot))
        {
            // The operator's folder leads elsewhere (another disk): its files may be there too.
            _realBases = [realRoot, realChosen];
            _setFolder = chosen;
        }
    }

    /// <summary>Files of a set named by a path, which must stay inside the real data root.</summary>
    public static DataRootFiles InRoot(string dataRoot) => new(dataRoot, setFolder: null);

    /// <summary>Files of a set in a folder the operator placed (an id's folder, Debian's copy): inside that folder's real path, or the real data root.</summary>
    public static DataRootFiles InSetFolder(string dataRoot, string setFolder) => new(dataRoot, setFolder);

    /// <summary>Refuses <paramref name="path"/> (a file or folder) when its real path is outside; a missing path is left to the caller's own message.</summary>
    public void Require(string path, string displayName)
    {
        if (DataRootPaths.RealPath(path) is { } real && !Inside(real))
        {
            throw Escape(displayName, path, real);
        }
    }

    /// <summary>
    /// Refuses the set's folder when any symbolic link in it, at any depth, leads outside: every
    /// file a reader opens (IDX, CIFAR batches, class-name files, images) lies below the folder, so
    /// this covers them all before the first is read. Plain entries cost nothing beyond the
    /// listing; only links are resolved, and a folder reached twice through links is walked once.
    /// </summary>
    public void RequireTree(string directory, string displayName)
    {
        if (DataRootPaths.RealPath(directory) is not { } realDirectory)
        {
            return;
        }

        if (!Inside(realDirectory))
        {
            throw Escape(displayName, directory, realDirectory);
        }

        var walked = new HashSet<string>(StringComparer.Ordinal) { realDirectory };
        var pending = new Stack<string>([directory]);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in Entries(folder, displayName))
            {
                if ((entry.Attributes & FileAttributes.ReparsePoint) == 0)
                {
                    if ((entry.Attributes & FileAttributes.Directory) != 0)
                    {
                        pending.Push(entry.FullName);
                    }

                    continue;
                }

                if (DataRootPaths.RealPath(entry.FullName) is not { } real)
                {
                    continue; // a dangling link: there is nothing to read through it
                }

                if (!Inside(real))
                {
                    throw Escape(displayName, entry.FullName, real);
                }

                if (Directory.Exists(real) && walked.Add(real))
                {
                    pending.Push(entry.FullName);
                }
            }
        }
    }

    /// <summary>A folder that cannot be listed cannot be checked, and a reader might still open a file in it by name: refused.</summary>
    private static List<FileSystemInfo> Entries(string folder, string displayName)
    {
        try
        {
            return [.. new DirectoryInfo(folder).EnumerateFileSystemInfos()];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{displayName}: {folder} cannot be listed to check where its files lead ({e.Message})", e);
        }
    }

    /// <summary>
    /// The folder the operator chose: for a set under the root, the root's entry it lies in (for
    /// <c>mnist/MNIST/raw</c>, <c>mnist</c>), so a link deeper down is held to the rule; for one
    /// outside the root (Debian's copy), the folder itself.
    /// </summary>
    private static string OperatorsFolder(string dataRoot, string setFolder)
    {
        var relative = Path.GetRelativePath(dataRoot, setFolder);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return setFolder;
        }

        return Path.Combine(dataRoot, relative.Split(Path.DirectorySeparatorChar)[0]);
    }

    private bool Inside(string real) => _realBases.Any(b => IsBelow(real, b));

    private static bool IsBelow(string real, string folder) =>
        real == folder || real.StartsWith(folder.EndsWith('/') ? folder : folder + "/", StringComparison.Ordinal);

    private DataException Escape(string displayName, string link, string target)
    {
        var where = _setFolder is null ? $"the data root {_dataRoot}" : $"the data root {_dataRoot} and the folder {_setFolder} leads to";
        return new DataException($"{displayName}: {link} leads through a symbolic link to {target}, outside {where}; a data set's files must stay inside it");
    }
}
