using System.Globalization;
using Ablation.Dashboard.Data;
using CsvHelper;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// RFC 4180 CSV of the results, written by CsvHelper: CRLF line ends, fields with a comma, quote or
/// line break quoted (quotes doubled), every line with the header's number of fields. Values are
/// formatted here (<see cref="Format"/>): numbers in the invariant culture with round-trip
/// precision, an empty field for a null, and NaN and infinities as "NaN", "Infinity", "-Infinity"
/// (as the worker writes them, and as pandas and R read them).
/// </summary>
public static class CsvExport
{
    /// <summary>About how many characters <see cref="WritePointsAsync"/> formats before it writes them on.</summary>
    public const int StreamChunkChars = 1 << 16;

    private static readonly CsvWriterOptions _options = new()
    {
        Separator = ',',
        NewLine = "\r\n",
        Quoting = CsvQuoting.WhenNeeded,
        ValidateFieldCount = true,
        // Small next to StreamChunkChars, so a streamed download passes its text on in even steps.
        BufferSize = 1 << 12,
    };

    /// <summary>The results table, one line per run in the table's order: its columns (axes by name), then the run's error.</summary>
    public static string TableCsv(ResultsTable table) => Text(csv => WriteTable(csv, table));

    /// <summary>
    /// The aggregated table, one line per cell in the table's order: label, one column per axis, the
    /// runs by outcome, then for every metric its mean, sample standard deviation and n over the
    /// cell's succeeded runs ("test_accuracy_mean", "test_accuracy_std", "test_accuracy_n").
    /// </summary>
    public static string CellsCsv(CellTable table) => Text(csv =>
    {
        csv.WriteRecord(["label", .. table.Axes.Select(a => a.Name), "runs", "succeeded", "failed", "diverged", "canceled", "pending",
            .. table.Metrics.SelectMany(m => new[] { $"{m.CsvName}_mean", $"{m.CsvName}_std", $"{m.CsvName}_n" })]);
        foreach (var cell in table.Cells)
        {
            csv.WriteRecord([cell.Label, .. table.Axes.Select(a => cell.Axes.GetValueOrDefault(a.Name) ?? ""),
                Format(cell.Runs.Count), Format(cell.Succeeded), Format(cell.Failed), Format(cell.Diverged), Format(cell.Canceled), Format(cell.Pending),
                .. table.Metrics.SelectMany(m => Fields(cell.Summary(m.Key)))]);
        }
    });

    private static string[] Fields(MetricSummary summary) => [Format(summary.Mean), Format(summary.StdDev), Format(summary.N)];

    /// <summary>Every point of every run: run_id, label, one column per axis, seed, split, name, epoch, step, value, time.</summary>
    public static string PointsCsv(StudyResults results) => Text(csv =>
    {
        foreach (var _ in PointRows(csv, results))
        {
        }
    });

    /// <summary>One line as the downloads write it, with its CRLF: the fields quoted where RFC 4180 requires.</summary>
    public static string Line(params string[] fields) => Text(csv => csv.WriteRecord(fields));

    /// <summary>The points CSV written to <paramref name="writer"/> in one go (tests, small studies); downloads use <see cref="WritePointsAsync"/>.</summary>
    public static void WritePoints(TextWriter writer, StudyResults results)
    {
        using var csv = CsvWriter.Create(writer, _options, leaveOpen: true);
        foreach (var _ in PointRows(csv, results))
        {
        }
    }

    /// <summary>
    /// Streams the points CSV: a study of a thousand runs has about a million points, so a download
    /// writes it to the response instead of building one string. Rows are written into a buffer
    /// and handed on asynchronously every <see cref="StreamChunkChars"/> characters: a response
    /// body refuses synchronous writes, and one await per field would cost more than the formatting.
    /// </summary>
    public static async Task WritePointsAsync(TextWriter writer, StudyResults results, CancellationToken cancel = default)
    {
        var buffer = new StringWriter(CultureInfo.InvariantCulture);
        var text = buffer.GetStringBuilder();
        using (var csv = CsvWriter.Create(buffer, _options, leaveOpen: true))
        {
            foreach (var _ in PointRows(csv, results))
            {
                if (text.Length >= StreamChunkChars)
                {
                    await writer.WriteAsync(text, cancel);
                    text.Clear();
                }
            }

            csv.Flush();
        }

        await writer.WriteAsync(text, cancel);
        await writer.FlushAsync(cancel);
    }

    private static void WriteTable(CsvWriter csv, ResultsTable table)
    {
        csv.WriteRecord([.. table.Columns.Select(c => c.CsvName), "error"]);
        var fields = new string[table.Columns.Count + 1];
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                fields[i] = Format(table.Columns[i].ValueOf(row));
            }

            fields[^1] = row.Error ?? "";
            csv.WriteRecord(fields);
        }
    }

    /// <summary>Writes the header, then one line per point, yielding after each line so a caller can pass the text on.</summary>
    private static IEnumerable<int> PointRows(CsvWriter csv, StudyResults results)
    {
        var axes = results.Axes.Select(a => a.Name).ToList();
        csv.WriteRecord(["run_id", "label", .. axes, "seed", "split", "name", "epoch", "step", "value", "time"]);
        var fields = new string[axes.Count + 9];
        var rows = 0;
        foreach (var run in results.Runs)
        {
            fields[0] = Format(run.Id);
            fields[1] = run.Label;
            for (var i = 0; i < axes.Count; i++)
            {
                fields[2 + i] = run.Cell.GetValueOrDefault(axes[i]) ?? "";
            }

            fields[2 + axes.Count] = Format(run.Seed);
            foreach (var series in results.SeriesOf(run.Id))
            {
                fields[3 + axes.Count] = series.Key.Split;
                fields[4 + axes.Count] = series.Key.Name;
                foreach (var point in series.Points)
                {
                    fields[5 + axes.Count] = Format(point.Epoch);
                    fields[6 + axes.Count] = Format(point.Step);
                    fields[7 + axes.Count] = Format(point.Value);
                    fields[8 + axes.Count] = Format(point.Time);
                    csv.WriteRecord(fields);
                    yield return ++rows;
                }
            }
        }
    }

    /// <summary>One value as a CSV field (before quoting).</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        // "R" is the shortest text that parses back to the same double; NaN and ±∞ keep their names.
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float single => single.ToString("R", CultureInfo.InvariantCulture),
        RunStatus status => status.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Text(Action<CsvWriter> write)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, _options, leaveOpen: true))
        {
            write(csv);
        }

        return text.ToString();
    }
}
