namespace Ablation.Training.Data.Tabular;

/// <summary>A table read from its files: the training rows, and the test rows when the set has a separate test file.</summary>
public sealed record TableFiles(string Name, RawTable Train, RawTable? Test);

/// <summary>
/// Which dataset values name a table, and where its files are: a built-in id (<c>boston</c>,
/// <c>iris</c>, …, from <c>&lt;DataRoot&gt;/sklearn/</c>), a CSV file under the data root
/// (<c>house.csv</c>, <c>users/ana/prices.csv.gz</c>), or a folder under the data root holding
/// <c>train.csv</c> and optionally <c>test.csv</c>. Nothing outside the data root is opened, through
/// ".." or through a symbolic link (<see cref="DataRootFiles"/>).
/// </summary>
public sealed class TabularCatalog
{
    private readonly string _dataRoot;

    public TabularCatalog(string dataRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        _dataRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot));
    }

    /// <summary>Where the built-in tables' files are expected.</summary>
    public string BuiltinDirectory => Path.Combine(_dataRoot, BuiltinTables.Folder);

    /// <summary>Whether <paramref name="dataset"/> names a table (it may still be missing or malformed); everything else is an image set.</summary>
    public bool IsTable(string dataset) =>
        BuiltinTables.Find(dataset) is not null || IsCsvName(dataset) || (InsideRoot(dataset) is { } dir && FindCsv(dir, "train") is not null);

    /// <summary>Reads the table named by <paramref name="dataset"/>; <paramref name="target"/> is the target column of a user's CSV.</summary>
    public TableFiles Read(string dataset, string? target)
    {
        if (BuiltinTables.Find(dataset) is { } builtin)
        {
            var files = builtin.Files.Select(f => Path.Combine(BuiltinDirectory, f)).ToArray();
            var missing = files.Where(f => !File.Exists(f)).Select(Path.GetFileName).ToArray();
            if (missing.Length > 0)
            {
                throw new DataException(
                    $"{dataset}: {string.Join(", ", missing)} not found in {BuiltinDirectory} (scripts/setup.sh extracts them from Debian's python3-sklearn package; "
                    + "or copy them there from sklearn/datasets/data)");
            }

            var inFolder = DataRootFiles.InSetFolder(_dataRoot, BuiltinDirectory);
            foreach (var file in files)
            {
                inFolder.Require(file, dataset);
            }

            var table = builtin.Read(files);
            if (target is not null && target != table.TargetName)
            {
                throw new DataException($"data.target: {dataset}'s target is '{table.TargetName}', not '{target}'");
            }

            return new TableFiles(dataset, table, null);
        }

        var full = InsideRoot(dataset) ?? throw new DataException($"dataset '{dataset}': not inside the data root {_dataRoot}");
        var name = Path.GetRelativePath(_dataRoot, full).Replace('\\', '/');
        if (IsCsvName(dataset))
        {
            if (!File.Exists(full))
            {
                throw new DataException($"{name}: no such file in the data root {_dataRoot}");
            }

            // A file, even directly under the root, is not an operator's folder: it stays inside the real root.
            DataRootFiles.InRoot(_dataRoot).Require(full, name);
            return new TableFiles(name, TableReaders.ReadCsv(full, name, target), null);
        }

        var train = FindCsv(full, "train") ?? throw new DataException($"{name}: no train.csv in {full}");
        var test = FindCsv(full, "test");
        var contained = dataset.Contains('/') ? DataRootFiles.InRoot(_dataRoot) : DataRootFiles.InSetFolder(_dataRoot, full);
        contained.Require(full, name);
        foreach (var file in test is null ? [train] : new[] { train, test })
        {
            contained.Require(file, name);
        }

        var trainTable = TableReaders.ReadCsv(train, $"{name}/{Path.GetFileName(train)}", target);
        var testTable = test is null ? null : TableReaders.ReadCsv(test, $"{name}/{Path.GetFileName(test)}", target);
        if (testTable is not null && !testTable.FeatureNames.SequenceEqual(trainTable.FeatureNames))
        {
            throw new DataException($"{testTable.File}: its columns ({string.Join(", ", testTable.FeatureNames)}) differ from {trainTable.File}'s ({string.Join(", ", trainTable.FeatureNames)})");
        }

        return new TableFiles(name, trainTable, testTable);
    }

    private static bool IsCsvName(string dataset) =>
        dataset.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || dataset.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    private static string? FindCsv(string directory, string stem) =>
        new[] { $"{stem}.csv", $"{stem}.csv.gz" }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);

    /// <summary>The full path of a value relative to the data root, or null when it is absolute or leaves the root.</summary>
    private string? InsideRoot(string relative)
    {
        if (string.IsNullOrWhiteSpace(relative) || Path.IsPathRooted(relative))
        {
            return null;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(_dataRoot, relative)));
        var prefix = _dataRoot + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) ? full : null;
    }
}
