using System.IO.Compression;
using System.Text;
using Ablation.Training.Data;

namespace Ablation.Tests.Data.Tabular;

/// <summary>Small tables written in the real layouts: a user's CSV, and each of sklearn's files as Debian's python3-sklearn ships them.</summary>
internal static class TableFiles
{
    public static string Write(string path, string text, bool gzip = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Optimal);
            zip.Write(Encoding.UTF8.GetBytes(text));
        }
        else
        {
            File.WriteAllText(path, text);
        }

        return path;
    }

    /// <summary>
    /// A Boston-like regression table in sklearn's layout: "n,13,,…" then the quoted header, then
    /// rows whose MEDV is a linear function of RM and LSTAT plus a little seeded noise.
    /// </summary>
    public static string BostonCsv(int rows = 120, int seed = 5)
    {
        var random = new SeededRandom(seed);
        string[] names = ["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT", "MEDV"];
        var text = new StringBuilder();
        text.Append(FormattableString.Invariant($"{rows},13,,,,,,,,,,,,\r\n"));
        text.Append(string.Join(",", names.Select(n => $"\"{n}\"")) + "\r\n");
        for (var r = 0; r < rows; r++)
        {
            var values = new double[13];
            for (var j = 0; j < 13; j++)
            {
                values[j] = Math.Round(random.NextInt(1000) / 100.0, 2);
            }

            var medv = 20 + (3 * (values[5] - 5)) - (2 * (values[12] - 5)) + ((random.NextInt(100) - 50) / 100.0);
            text.Append(string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            text.Append(FormattableString.Invariant($",{Math.Round(medv, 2)}\r\n"));
        }

        return text.ToString();
    }

    /// <summary>iris.csv's layout: "n,4,setosa,versicolor,virginica" then 4 features and a label; classes separable by the first feature.</summary>
    public static string IrisCsv(int rows = 90, int seed = 3)
    {
        var random = new SeededRandom(seed);
        var text = new StringBuilder(FormattableString.Invariant($"{rows},4,setosa,versicolor,virginica\n"));
        for (var r = 0; r < rows; r++)
        {
            var label = r % 3;
            text.Append(FormattableString.Invariant(
                $"{(label * 2) + 4 + (random.NextInt(50) / 100.0)},{3 + (random.NextInt(10) / 10.0)},{1.4 + label},{0.2 * (label + 1)},{label}\n"));
        }

        return text.ToString();
    }

    /// <summary>digits.csv.gz's layout: no header, 64 pixel values 0–16 and the digit.</summary>
    public static string DigitsCsv(int rows = 20)
    {
        var text = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            var digit = r % 10;
            text.Append(string.Join(",", Enumerable.Range(0, 64).Select(i => (i % 10 == digit ? 16 : 0).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            text.Append(FormattableString.Invariant($",{digit}\n"));
        }

        return text.ToString();
    }

    /// <summary>diabetes_data_raw.csv.gz and diabetes_target.csv.gz: space-separated, 10 raw features, and one target per line in numpy's %.18e.</summary>
    public static (string Data, string Target) DiabetesCsv(int rows = 30)
    {
        var data = new StringBuilder();
        var target = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            data.Append(FormattableString.Invariant($"{40 + r} {1 + (r % 2)} {20 + (r * 0.3):0.0} {80 + r}.0 {150 + r} {90 + r}.2 40.0 4.0 4.5 {80 + r}\n"));
            target.Append(FormattableString.Invariant($"{100 + (3 * r):0.000000000000000000e+00}\n"));
        }

        return (data.ToString(), target.ToString());
    }
}
