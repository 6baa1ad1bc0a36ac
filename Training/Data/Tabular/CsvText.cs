using System.IO.Compression;
using System.Text;

namespace Ablation.Training.Data.Tabular;

/// <summary>One non-empty line of a delimited text file, split into fields, with its 1-based line number.</summary>
public sealed record CsvLine(int Number, string[] Fields);

/// <summary>
/// Reads comma- (or whitespace-) separated text: quoted fields with doubled quotes, CRLF or LF line
/// ends, blank lines skipped, <c>.gz</c> files decompressed. Quoted fields cannot span lines: none
/// of the tables we read need it, and refusing them keeps line numbers in messages exact.
/// </summary>
public static class CsvText
{
    /// <summary>Every non-blank line of <paramref name="path"/>; a DataException naming the file when it cannot be read or has no lines.</summary>
    public static IReadOnlyList<CsvLine> ReadFile(string path, bool whitespaceSeparated = false)
    {
        string text;
        try
        {
            text = ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw DataException.ForFile(path, $"cannot be read ({e.Message})", e);
        }

        var lines = Parse(text, path, whitespaceSeparated);
        if (lines.Count == 0)
        {
            throw DataException.ForFile(path, "is empty (no lines with values)");
        }

        return lines;
    }

    public static IReadOnlyList<CsvLine> Parse(string text, string displayName, bool whitespaceSeparated = false)
    {
        var lines = new List<CsvLine>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = whitespaceSeparated
                ? line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                : SplitFields(line, displayName, number);
            lines.Add(new CsvLine(number, fields));
        }

        return lines;
    }

    private static string[] SplitFields(string line, string displayName, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new DataException($"{displayName}: line {number}: a quoted field is not closed");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw new DataException($"{displayName}: line {number}: text after a closing quote");
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }

            fields.Add(field.ToString().Trim());
            if (i >= line.Length)
            {
                return [.. fields];
            }

            i++; // the comma
        }
    }

    private static string ReadAllText(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
