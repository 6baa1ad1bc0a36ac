namespace Ablation.Training.Data;

/// <summary>
/// Finds the images of a folder-based set and labels them: class folders (optionally under
/// <c>train/</c> with <c>test/</c> or <c>val/</c> beside it), or the Tiny-ImageNet-200 layout
/// (<c>train/&lt;wnid&gt;/images/*</c>, <c>val/images/*</c> labelled by
/// <c>val/val_annotations.txt</c>, names from <c>words.txt</c>; its unlabelled <c>test/</c> is
/// not used and <c>val/</c> is the test split).
/// </summary>
public static class ImageFolderScanner
{
    /// <summary>Share of each class held out as the test split when the folder has no test/ or val/.</summary>
    public const double HeldOutFraction = 0.2;

    public const string TinyAnnotations = "val_annotations.txt";

    private static readonly HashSet<string> _extensions =
        new([".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga", ".ppm", ".pgm"], StringComparer.OrdinalIgnoreCase);

    public static bool IsImageFile(string path) => _extensions.Contains(Path.GetExtension(path));

    public static bool LooksLikeTinyImageNet(string directory) =>
        File.Exists(Path.Combine(directory, "wnids.txt")) || File.Exists(Path.Combine(directory, "val", TinyAnnotations));

    /// <summary>Whether some class folder (under train/ or directly) holds an image.</summary>
    public static bool LooksLikeImageFolder(string directory)
    {
        var classesRoot = Directory.Exists(Path.Combine(directory, "train")) ? Path.Combine(directory, "train") : directory;
        return Directory.Exists(classesRoot)
            && VisibleDirectories(classesRoot).Any(d => Directory.EnumerateFiles(d).Any(IsImageFile));
    }

    public static ImageFolderSource Scan(string displayName, string directory)
    {
        var trainRoot = Path.Combine(directory, "train");
        if (!Directory.Exists(trainRoot))
        {
            var (classes, files) = ClassFolders(displayName, directory, classes: null);
            var (train, test) = HoldOut(files, directory);
            return new ImageFolderSource(displayName, directory, false, classes, train, test, $"{HeldOutFraction:P0} of each class held out");
        }

        var (trainClasses, trainFiles) = ClassFolders(displayName, trainRoot, classes: null);
        var testName = Directory.Exists(Path.Combine(directory, "test")) ? "test" : Directory.Exists(Path.Combine(directory, "val")) ? "val" : null;
        if (testName is null)
        {
            var (train, test) = HoldOut(trainFiles, trainRoot);
            return new ImageFolderSource(displayName, directory, false, trainClasses, train, test, $"{HeldOutFraction:P0} of each class of train/ held out");
        }

        var (_, testFiles) = ClassFolders(displayName, Path.Combine(directory, testName), trainClasses);
        return new ImageFolderSource(displayName, directory, false, trainClasses, trainFiles, testFiles, testName + "/");
    }

    public static ImageFolderSource ScanTinyImageNet(string displayName, string directory)
    {
        var trainRoot = Path.Combine(directory, "train");
        var annotations = Path.Combine(directory, "val", TinyAnnotations);
        foreach (var required in new[] { trainRoot, annotations })
        {
            if (!Directory.Exists(required) && !File.Exists(required))
            {
                throw new DataException($"{displayName}: missing {Path.GetRelativePath(directory, required)} in {directory} (Tiny-ImageNet-200 layout)");
            }
        }

        var wnids = VisibleDirectories(trainRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        if (wnids.Length == 0)
        {
            throw new DataException($"{displayName}: no class folders in {trainRoot}");
        }

        var labelOf = wnids.Select((w, i) => (w, i)).ToDictionary(p => p.w!, p => p.i, StringComparer.Ordinal);
        var train = new List<ImageFile>();
        foreach (var wnid in wnids)
        {
            var images = Path.Combine(trainRoot, wnid!, "images");
            train.AddRange(ImagesIn(Directory.Exists(images) ? images : Path.Combine(trainRoot, wnid!), labelOf[wnid!]));
        }

        var test = new List<ImageFile>();
        var valImages = Path.Combine(directory, "val", "images");
        foreach (var (line, number) in File.ReadLines(annotations).Select((l, i) => (l, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length < 2 || !labelOf.TryGetValue(parts[1], out var label))
            {
                throw DataException.ForFile(
                    annotations, $"line {number}: expected 'file<TAB>wnid…' with a wnid that has a folder in train/, got '{line.Trim()}'");
            }

            var file = new FileInfo(Path.Combine(valImages, parts[0]));
            if (!file.Exists || parts[0].Contains('/') || parts[0].Contains('\\'))
            {
                throw DataException.ForFile(annotations, $"line {number}: image {parts[0]} not found in {valImages}");
            }

            test.Add(new ImageFile(file.FullName, label, file.Length, file.LastWriteTimeUtc));
        }

        test.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var names = TinyImageNetNames(Path.Combine(directory, "words.txt"), wnids!);
        return new ImageFolderSource(displayName, directory, true, names, train, test, "val/ (labelled by val_annotations.txt)");
    }

    /// <summary>words.txt maps a wnid to its synonyms; the first one names the class, else the wnid itself.</summary>
    private static string[] TinyImageNetNames(string wordsPath, string[] wnids)
    {
        if (!File.Exists(wordsPath))
        {
            return wnids;
        }

        var wanted = new HashSet<string>(wnids, StringComparer.Ordinal);
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(wordsPath))
        {
            var tab = line.IndexOf('\t');
            if (tab > 0 && wanted.Contains(line[..tab]))
            {
                words[line[..tab]] = line[(tab + 1)..].Split(',')[0].Trim();
            }
        }

        return wnids.Select(w => words.TryGetValue(w, out var name) && name.Length > 0 ? name : w).ToArray();
    }

    /// <summary>
    /// Class folders of <paramref name="root"/>, each holding image files. With
    /// <paramref name="classes"/> given (a test/ beside train/), every folder must be one of them.
    /// </summary>
    private static (string[] Classes, List<ImageFile> Files) ClassFolders(string displayName, string root, string[]? classes)
    {
        var folders = VisibleDirectories(root)
            .Where(d => Directory.EnumerateFiles(d).Any(IsImageFile))
            .Select(d => Path.GetFileName(d)!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (folders.Length == 0)
        {
            throw new DataException(
                $"{displayName}: no class folders with images in {root} (expected <class>/<image>.png|jpg, optionally under train/ and test/)");
        }

        classes ??= folders;
        var labelOf = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var files = new List<ImageFile>();
        foreach (var folder in folders)
        {
            if (!labelOf.TryGetValue(folder, out var label))
            {
                throw new DataException($"{displayName}: class folder {Path.Combine(root, folder)} has no counterpart in train/");
            }

            files.AddRange(ImagesIn(Path.Combine(root, folder), label));
        }

        return (classes, files);
    }

    private static IEnumerable<ImageFile> ImagesIn(string folder, int label) =>
        new DirectoryInfo(folder).EnumerateFiles()
            .Where(f => IsImageFile(f.Name) && !f.Name.StartsWith('.'))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new ImageFile(f.FullName, label, f.Length, f.LastWriteTimeUtc));

    /// <summary>
    /// The test split of a folder without one: in each class, the files with the smallest hash of
    /// their relative path, round(n × <see cref="HeldOutFraction"/>) of them and at least one when
    /// a class has two or more. A file's side depends on its name, not on the run's seed, so every
    /// run of every study is tested on the same images.
    /// </summary>
    private static (List<ImageFile> Train, List<ImageFile> Test) HoldOut(List<ImageFile> files, string root)
    {
        var train = new List<ImageFile>();
        var test = new List<ImageFile>();
        foreach (var group in files.GroupBy(f => f.Label))
        {
            var members = group.ToArray();
            var testCount = members.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(members.Length * HeldOutFraction, MidpointRounding.AwayFromZero));
            var held = members
                .OrderBy(f => Fnv1a(Path.GetRelativePath(root, f.Path).Replace('\\', '/')))
                .ThenBy(f => f.Path, StringComparer.Ordinal)
                .Take(testCount)
                .ToHashSet();
            train.AddRange(members.Where(f => !held.Contains(f)));
            test.AddRange(members.Where(held.Contains));
        }

        return (train, test);
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash;
    }

    private static IEnumerable<string> VisibleDirectories(string root) =>
        Directory.EnumerateDirectories(root).Where(d => !Path.GetFileName(d).StartsWith('.'));
}
