using System.IO.Compression;
using CsvHelper;

namespace Ablation.Training.Data.Tabular;

/// <summary>One non-empty row of a delimited text file, split into fields, with the 1-based line it starts on.</summary>
public sealed record CsvLine(int Number, string[] Fields);

/// <summary>
/// Reads comma- (or space-) separated text through CsvHelper: RFC 4180 quoting (a quoted field may
/// hold commas, doubled quotes and line breaks), CRLF or LF line ends, blank lines skipped, fields
/// trimmed, <c>.gz</c> files decompressed. A row is numbered by the line it starts on, counting the
/// line breaks inside quoted fields, so a message names the line an editor shows. A quote left open
/// or text after a closing quote is refused with its line; a stray quote inside an unquoted field
/// is text, as before.
/// </summary>
public static class CsvText
{
    /// <summary>
    /// The longest row, in bytes. A table's rows are short (digits' are 200 bytes); the limit is
    /// what stops a quote left open from reading the rest of a large file into one field.
    /// </summary>
    public const int MaxRowBytes = 1 << 20;

    /// <summary>Every non-blank row of <paramref name="path"/>; a DataException naming the file when it cannot be read or has no rows.</summary>
    public static IReadOnlyList<CsvLine> ReadFile(string path, bool whitespaceSeparated = false)
    {
        var lines = ReadRows(path, whitespaceSeparated);
        if (lines.Count == 0)
        {
            throw DataException.ForFile(path, "is empty (no lines with values)");
        }

        return lines;
    }

    /// <summary>Every non-blank row of <paramref name="path"/>, none when it has none; a DataException naming the file when it cannot be read.</summary>
    public static IReadOnlyList<CsvLine> ReadRows(string path, bool whitespaceSeparated = false)
    {
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            return Read(stream, path, whitespaceSeparated);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw DataException.ForFile(path, $"cannot be read ({e.Message})", e);
        }
    }

    /// <summary>The rows of <paramref name="text"/>; <paramref name="displayName"/> names it in messages.</summary>
    public static IReadOnlyList<CsvLine> Parse(string text, string displayName, bool whitespaceSeparated = false) =>
        Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), displayName, whitespaceSeparated);

    private static List<CsvLine> Read(Stream stream, string displayName, bool whitespaceSeparated)
    {
        CsvMalformedRecord? refused = null;
        var options = new CsvReaderOptions
        {
            // sklearn's diabetes files separate values by spaces, with no quoting.
            Mode = whitespaceSeparated ? CsvMode.NoEscape : CsvMode.Rfc4180,
            Separator = whitespaceSeparated ? ' ' : ',',
            HasHeader = false, // the readers decide what the first rows are (sklearn's files start with counts)
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrimInsideQuotes = !whitespaceSeparated,
            TrackLineNumbers = true,
            MaxRecordSize = MaxRowBytes,
            // Reported here before the row is returned; the reader recovers, and the loop below refuses.
            OnMalformedRecord = m =>
            {
                if (m.Reason is CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.TextAfterClosingQuote)
                {
                    refused ??= m;
                }
            },
        };

        var lines = new List<CsvLine>();
        using var reader = CsvReader.Create(stream, options, leaveOpen: true);
        try
        {
            while (reader.Read())
            {
                if (refused is { } bad)
                {
                    var problem = bad.Reason == CsvMalformedReason.UnterminatedQuote ? "a quoted field is not closed" : "text after a closing quote";
                    throw new DataException($"{displayName}: line {bad.LineNumber}: {problem}");
                }

                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = reader.GetString(i);
                }

                if (whitespaceSeparated)
                {
                    // Runs of spaces separate once.
                    fields = Array.FindAll(fields, f => f.Length > 0);
                }

                // A line of spaces is blank, as an empty line is.
                if (fields.Length == 0 || (fields.Length == 1 && fields[0].Length == 0))
                {
                    continue;
                }

                lines.Add(new CsvLine(checked((int)reader.LineNumber), fields));
            }
        }
        catch (CsvFormatException e)
        {
            // The one format error these options leave: a row past MaxRowBytes.
            throw new DataException($"{displayName}: line {e.LineNumber}: a row longer than {MaxRowBytes / (1 << 20)} MiB (is a quote left open?)", e);
        }

        return lines;
    }
}
