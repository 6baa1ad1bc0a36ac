using System.Globalization;

namespace Ablation.Training.Data.Tabular;

/// <summary>
/// The file formats of tables: a user's CSV with a header row, and the quirks of the CSV files
/// scikit-learn ships (which Debian's python3-sklearn package carries), as sklearn's own loaders
/// read them.
/// </summary>
public static class TableReaders
{
    /// <summary>
    /// A CSV file whose first line names the columns. <paramref name="target"/> names the target
    /// column (null: the last column); every other column is a numeric feature.
    /// </summary>
    public static RawTable ReadCsv(string path, string displayName, string? target)
    {
        var lines = CsvText.ReadFile(path);
        var header = lines[0].Fields;
        if (lines.Count == 1)
        {
            throw new DataException($"{displayName}: no data rows after the header line");
        }

        if (header.Length < 2)
        {
            throw new DataException($"{displayName}: the header has {header.Length} column; a table needs at least one feature and a target");
        }

        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DataException($"{displayName}: column '{duplicate.Key}' appears {duplicate.Count()} times in the header");
        }

        var targetIndex = target is null ? header.Length - 1 : Array.IndexOf(header, target);
        if (targetIndex < 0)
        {
            throw new DataException($"data.target: column '{target}' is not in {displayName} (its columns: {string.Join(", ", header)})");
        }

        var featureColumns = Enumerable.Range(0, header.Length).Where(i => i != targetIndex).ToArray();
        return Build(displayName, lines.Skip(1).ToList(), header.Length, featureColumns.Select(i => header[i]).ToArray(), featureColumns, header[targetIndex], targetIndex);
    }

    /// <summary>
    /// sklearn's layout of iris.csv, wine_data.csv and breast_cancer.csv: a first line
    /// "n_samples,n_features,class names…", then rows of n_features values and an integer label.
    /// </summary>
    public static RawTable ReadSklearnClassification(string path, string displayName, string[] featureNames, string targetName)
    {
        var lines = CsvText.ReadFile(path);
        var (count, features) = Announced(lines[0], displayName);
        if (features != featureNames.Length)
        {
            throw new DataException($"{displayName}: line 1 announces {features} features, expected {featureNames.Length}");
        }

        var classNames = lines[0].Fields.Skip(2).Where(f => f.Length > 0).ToArray();
        if (classNames.Length < 2)
        {
            throw new DataException($"{displayName}: line 1 names {classNames.Length} classes after the counts; expected at least 2");
        }

        var rows = lines.Skip(1).ToList();
        CheckCount(displayName, count, rows.Count);
        var table = Build(displayName, rows, features + 1, featureNames, Enumerable.Range(0, features).ToArray(), targetName, features);
        return table with { Task = TabularTask.Classification, ClassNames = classNames };
    }

    /// <summary>sklearn's boston_house_prices.csv: "506,13,…" on line 1, the column names on line 2 (the last, MEDV, is the target).</summary>
    public static RawTable ReadSklearnBoston(string path, string displayName)
    {
        var lines = CsvText.ReadFile(path);
        var (count, features) = Announced(lines[0], displayName);
        if (lines.Count < 2)
        {
            throw new DataException($"{displayName}: the column names (line 2) are missing");
        }

        var header = lines[1].Fields;
        if (header.Length != features + 1)
        {
            throw new DataException($"{displayName}: line {lines[1].Number} names {header.Length} columns, expected {features} features and the target");
        }

        var rows = lines.Skip(2).ToList();
        CheckCount(displayName, count, rows.Count);
        var table = Build(displayName, rows, features + 1, header[..features], Enumerable.Range(0, features).ToArray(), header[features], features);
        return table with { Task = TabularTask.Regression };
    }

    /// <summary>sklearn's digits.csv.gz: no header; 64 pixel values (0–16) of an 8×8 image, then the digit.</summary>
    public static RawTable ReadSklearnDigits(string path, string displayName)
    {
        const int pixels = 64;
        var lines = CsvText.ReadFile(path);
        var names = Enumerable.Range(0, pixels).Select(i => $"pixel_{i / 8}_{i % 8}").ToArray();
        var table = Build(displayName, lines.ToList(), pixels + 1, names, Enumerable.Range(0, pixels).ToArray(), "digit", pixels);
        return table with
        {
            Task = TabularTask.Classification,
            ClassNames = Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray(),
        };
    }

    /// <summary>sklearn's diabetes set: two space-separated files, 10 raw features per row and one target per row.</summary>
    public static RawTable ReadSklearnDiabetes(string dataPath, string targetPath, string dataName, string targetName)
    {
        string[] names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];
        var data = CsvText.ReadFile(dataPath, whitespaceSeparated: true);
        var targets = CsvText.ReadFile(targetPath, whitespaceSeparated: true);
        if (data.Count != targets.Count)
        {
            throw new DataException($"{dataName} has {data.Count} rows but {targetName} has {targets.Count}");
        }

        var joined = data.Zip(targets, (d, t) =>
        {
            if (t.Fields.Length != 1)
            {
                throw new DataException($"{targetName}: line {t.Number} has {t.Fields.Length} values, expected 1");
            }

            return d with { Fields = [.. d.Fields, t.Fields[0]] };
        }).ToList();
        var table = Build(dataName, joined, names.Length + 1, names, Enumerable.Range(0, names.Length).ToArray(), "progression", names.Length);
        return table with { Task = TabularTask.Regression };
    }

    private static RawTable Build(string displayName, List<CsvLine> rows, int width, string[] featureNames, int[] featureColumns, string targetName, int targetColumn)
    {
        if (rows.Count == 0)
        {
            throw new DataException($"{displayName}: no data rows");
        }

        var features = new double[rows.Count * featureColumns.Length];
        var targets = new string[rows.Count];
        var lineNumbers = new int[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Fields.Length != width)
            {
                throw new DataException($"{displayName}: line {row.Number} has {row.Fields.Length} fields, expected {width} (ragged row)");
            }

            for (var j = 0; j < featureColumns.Length; j++)
            {
                var text = row.Fields[featureColumns[j]];
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new DataException(
                        $"{displayName}: line {row.Number}, column '{featureNames[j]}': '{text}' is not a number (features must be numeric{(text.Length == 0 ? "; missing values are not supported" : "")})");
                }

                features[(r * featureColumns.Length) + j] = value;
            }

            targets[r] = row.Fields[targetColumn];
            lineNumbers[r] = row.Number;
        }

        return new RawTable
        {
            File = displayName, FeatureNames = featureNames, Features = features, TargetName = targetName, Targets = targets, Lines = lineNumbers,
        };
    }

    private static (int Count, int Features) Announced(CsvLine first, string displayName)
    {
        if (first.Fields.Length < 2
            || !int.TryParse(first.Fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !int.TryParse(first.Fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var features)
            || count < 1 || features < 1)
        {
            throw new DataException($"{displayName}: line {first.Number} should start with the number of rows and of features (sklearn's layout)");
        }

        return (count, features);
    }

    private static void CheckCount(string displayName, int announced, int found)
    {
        if (announced != found)
        {
            throw new DataException($"{displayName}: line 1 announces {announced} rows but the file has {found} (truncated?)");
        }
    }
}
