using System.Globalization;
using System.Text.RegularExpressions;

namespace Ablation.Training.Data;

/// <summary>
/// The members of the MNIST family beyond the four standard file names: EMNIST's
/// <c>emnist-&lt;split&gt;-train-images-idx3-ubyte.gz</c> files (stored transposed, named by a
/// mapping file) and KMNIST's <c>kmnist_classmap.csv</c>.
/// </summary>
public static partial class IdxFamily
{
    public const string KmnistClassMap = "kmnist_classmap.csv";

    public static readonly string[] EmnistSplits = ["balanced", "byclass", "bymerge", "digits", "letters", "mnist"];

    /// <summary>The EMNIST splits whose training images are in <paramref name="directory"/>.</summary>
    public static string[] EmnistSplitsIn(string directory) =>
        !System.IO.Directory.Exists(directory)
            ? []
            : System.IO.Directory.EnumerateFiles(directory, "emnist-*-train-images-idx3-ubyte*")
                .Select(f => EmnistTrainImages().Match(Path.GetFileName(f)))
                .Where(m => m.Success)
                .Select(m => m.Groups[1].Value)
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToArray();

    /// <summary>The four files of one EMNIST split, with class names from its mapping file when present.</summary>
    public static ResolvedIdx Emnist(string displayName, string directory, string split)
    {
        var names = new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "test-images-idx3-ubyte", "test-labels-idx1-ubyte" }
            .Select(n => $"emnist-{split}-{n}")
            .ToArray();
        var found = names.Select(n => Find(directory, n)).ToArray();
        var missing = names.Where((_, i) => found[i] is null).Select(n => $"{n}[.gz]").ToArray();
        if (missing.Length > 0)
        {
            throw new DataException($"{displayName}: missing {string.Join(", ", missing)} in {directory}");
        }

        var mapping = Path.Combine(directory, $"emnist-{split}-mapping.txt");
        var classNames = File.Exists(mapping) ? EmnistClassNames(mapping) : null;
        return new ResolvedIdx(displayName, directory, found[0]!, found[1]!, found[2]!, found[3]!, classNames, Transposed: true);
    }

    /// <summary>
    /// Lines of "label code [code…]" (ASCII codes). Labels that the mapping skips (EMNIST letters
    /// starts at 1) are named "N/A", as torchvision does.
    /// </summary>
    public static string[] EmnistClassNames(string path)
    {
        var entries = new SortedDictionary<int, string>();
        foreach (var (line, number) in File.ReadLines(path).Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var label)
                || label > 1000
                || !parts[1..].All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c is > 0 and < 0x110000))
            {
                throw DataException.ForFile(path, $"line {number} is not 'label code [code…]': '{line}'");
            }

            entries[label] = string.Join('/', parts[1..].Select(p => char.ConvertFromUtf32(int.Parse(p, CultureInfo.InvariantCulture))));
        }

        if (entries.Count == 0)
        {
            throw DataException.ForFile(path, "no class mapping lines");
        }

        var names = new string[entries.Keys.Max() + 1];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = entries.TryGetValue(i, out var name) ? name : "N/A";
        }

        return names;
    }

    /// <summary>KMNIST's "index,codepoint,char" table: the characters name the classes.</summary>
    public static string[]? KmnistClassNames(string directory)
    {
        var path = Path.Combine(directory, KmnistClassMap);
        if (!File.Exists(path))
        {
            return null;
        }

        var names = new List<string>();
        foreach (var row in Tabular.CsvText.ReadRows(path).Skip(1))
        {
            var parts = row.Fields;
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index != names.Count)
            {
                throw DataException.ForFile(path, $"line {row.Number} is not 'index,codepoint,char' with index {names.Count}: '{string.Join(',', parts)}'");
            }

            names.Add(parts[2]);
        }

        return names.Count > 0 ? names.ToArray() : throw DataException.ForFile(path, "no classes listed");
    }

    private static string? Find(string directory, string name) =>
        new[] { name, name + ".gz" }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);

    [GeneratedRegex("^emnist-([a-z]+)-train-images-idx3-ubyte(\\.gz)?$", RegexOptions.CultureInvariant)]
    private static partial Regex EmnistTrainImages();
}
