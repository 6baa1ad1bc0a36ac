using System.Text.RegularExpressions;
using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;

namespace Ablation.Dashboard.Services.Datasets;

/// <summary>
/// Everything the Datasets page lists: the built-in Fashion-MNIST, the well-known sets (found or
/// missing, with what to drop where), and every other folder of the data root that holds a set
/// (or the reason it cannot be read). Reads headers and listings, never whole sets; image folders
/// through the worker (<see cref="DatasetReader"/>), so no image is decoded in this process.
/// </summary>
public sealed partial class DatasetDirectory(string dataRoot, string? debianFashionMnistDirectory = null, DatasetReader? reader = null)
{
    /// <summary>At most this many images in a sample grid.</summary>
    public const int SampleCount = 32;

    private readonly DataCatalog _catalog = new(dataRoot, debianFashionMnistDirectory);
    private readonly DatasetReader _reader = reader ?? DatasetReader.Default;

    public string DataRoot => _catalog.DataRoot;

    public IReadOnlyList<DatasetDescriptor> List()
    {
        var rows = new List<DatasetDescriptor> { Describe(DataCatalog.FashionMnistId, "Fashion-MNIST (built in)", MissingFashionMnist()) };
        var claimed = new HashSet<string>(StringComparer.Ordinal) { DataCatalog.FashionMnistId };

        var emnistRows = new List<DatasetDescriptor>();
        foreach (var known in WellKnownDatasets.All)
        {
            var present = known.Folders.Select(f => Path.Combine(DataRoot, f)).Where(Directory.Exists).ToArray();
            foreach (var folder in known.Folders.Where(f => Directory.Exists(Path.Combine(DataRoot, f))))
            {
                claimed.Add(folder.Split('/')[0]);
            }

            var found = known.Format switch
            {
                "emnist" => present.Any(p => IdxFamily.EmnistSplitsIn(p).Contains(known.Id["emnist-".Length..])),
                "idx" => present.Any(DataCatalog.HasAnyFile),
                _ => present.Length > 0,
            };
            var row = found
                ? Describe(known.Id, known.Title, known.DropHint(DataRoot))
                : Missing(known.Id, known.Title, known.Format, Path.Combine(DataRoot, known.Folders[0]), known.DropHint(DataRoot));
            (known.Format == "emnist" ? emnistRows : rows).Add(row);
        }

        // Six EMNIST splits come from one download: list those present, or one placeholder.
        var emnistPresent = emnistRows.Where(r => r.Available || r.Problem is not null).ToList();
        rows.AddRange(emnistPresent.Count > 0 ? emnistPresent : emnistRows.Where(r => r.Id == "emnist-balanced"));

        // The tables built in from Debian's python3-sklearn (docs/tables.md); their folder is not an image set.
        var tables = new TabularCatalog(DataRoot);
        claimed.Add(BuiltinTables.Folder);
        rows.AddRange(BuiltinTables.All.Select(t => DescribeTable(tables, t)));

        if (Directory.Exists(DataRoot))
        {
            // Image folders are each read by a worker process the first time: a few at once, not one after another.
            rows.AddRange(Directory.EnumerateDirectories(DataRoot).Select(Path.GetFileName).OfType<string>()
                .Where(folder => !claimed.Contains(folder) && FolderId().IsMatch(folder))
                .Order(StringComparer.Ordinal)
                .AsParallel().AsOrdered().WithDegreeOfParallelism(4)
                .Select(folder => Describe(folder, folder, missingHint: null)));
        }

        return rows;
    }

    /// <summary>Sample images of a set, round-robin over its classes, at the default options.</summary>
    public DatasetSamples Samples(string id)
    {
        var (summary, set) = _reader.Samples(DataRoot, id, _catalog.Resolve(id), SampleCount);
        var names = summary.ClassNames;
        var images = Enumerable.Range(0, set.Count)
            .Select(i =>
            {
                var label = (int)set.Labels[i];
                return new DatasetSample(label, label < names.Length ? names[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToBase64String(set.Sample(i)));
            })
            .ToList();
        return new DatasetSamples(set.Channels, set.Height, set.Width, images);
    }

    private DatasetDescriptor Describe(string id, string title, string? missingHint)
    {
        try
        {
            var summary = _reader.Summarize(DataRoot, id, _catalog.Resolve(id), ImageOptions.Default);
            return new DatasetDescriptor(
                id, DatasetDescriptor.ImagesKind, title, summary.Format, true, summary.TrainCount, summary.TestCount,
                summary.InputShape, summary.ClassNames, summary.Directory, summary.TestFrom);
        }
        catch (Exception e) when (e is DataException or IOException or UnauthorizedAccessException)
        {
            return new DatasetDescriptor(
                id, DatasetDescriptor.ImagesKind, title, "", false, null, null, null, [], Path.Combine(DataRoot, id),
                MissingHint: missingHint, Problem: e.Message);
        }
    }

    private static DatasetDescriptor DescribeTable(TabularCatalog tables, BuiltinTable table)
    {
        try
        {
            var rows = tables.Read(table.Id, target: null).Train;
            return new DatasetDescriptor(
                table.Id, DatasetDescriptor.TabularKind, table.Title, $"{table.Task}, target {rows.TargetName}", true, rows.Count, null,
                [rows.FeatureCount], rows.ClassNames ?? [], tables.BuiltinDirectory, TestFrom: "drawn from the rows by data.split");
        }
        catch (Exception e) when (e is DataException or IOException or UnauthorizedAccessException)
        {
            return new DatasetDescriptor(
                table.Id, DatasetDescriptor.TabularKind, table.Title, table.Task, false, null, null, null, [], tables.BuiltinDirectory,
                MissingHint: $"run scripts/setup.sh, which extracts {string.Join(", ", table.Files)} from Debian's python3-sklearn package into {tables.BuiltinDirectory}",
                Problem: File.Exists(Path.Combine(tables.BuiltinDirectory, table.Files[0])) ? e.Message : null);
        }
    }

    private static DatasetDescriptor Missing(string id, string title, string format, string location, string hint) =>
        new(id, DatasetDescriptor.ImagesKind, title, format, false, null, null, null, [], location, MissingHint: hint);

    private string MissingFashionMnist() =>
        $"install Debian's dataset-fashion-mnist package (scripts/setup.sh does), or drop {DataCatalog.ExpectedFilesDescription} into {Path.Combine(DataRoot, DataCatalog.FashionMnistId)}";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex FolderId();
}
