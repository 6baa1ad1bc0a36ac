using System.Diagnostics;
using System.Text;
using Ablation.Dashboard.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// Reads a study's points for <see cref="ResultsLoader"/>: hundreds of thousands of rows for a
/// large study, the one query of the dashboard where the data reader's cost per value outweighs
/// SQLite's own. It steps the statement through SQLitePCL (the library under Microsoft.Data.Sqlite
/// and EF Core) on the context's connection, and maps the few distinct split and metric names to
/// one string each instead of decoding a new one per row. Measured on 450,000 points
/// (bench/dashboard.sh results-load): EF Core 1.5 s, Microsoft.Data.Sqlite's reader 0.75 s,
/// SQLite alone 0.11 s.
/// </summary>
public static class PointReader
{
    private const int CheckCancelEvery = 16_384;
    private const string StudyParameter = "$study";

    /// <summary>Writes a "Query" event (<see cref="PointQuery"/>) for every query, when someone listens: tests and tracing.</summary>
    public static readonly DiagnosticListener Diagnostics = new("Ablation.Dashboard.PointReader");

    /// <summary>
    /// The study's points in (run, step, id) order, the order of both points indexes, so SQLite sorts
    /// nothing. Without batch points the filter is written as the partial index's own
    /// (<see cref="MetricPointConfiguration.EpochPointsFilter"/>), so SQLite walks that index alone.
    /// </summary>
    public static List<RunPoint> Read(SqliteConnection connection, int studyId, bool withBatch, CancellationToken cancel = default)
    {
        var sql = $"SELECT RunId, Step, Epoch, Split, Name, Value, Time FROM Points WHERE StudyId = {StudyParameter}"
            + (withBatch ? "" : $" AND {MetricPointConfiguration.EpochPointsFilter}")
            + " ORDER BY RunId, Step, Id";
        var db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        if (Diagnostics.IsEnabled("Query"))
        {
            Diagnostics.Write("Query", new PointQuery(connection.DataSource, sql, [(StudyParameter, studyId)]));
        }

        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            Check(db, raw.sqlite3_bind_int(statement, 1, studyId));
            var names = new Names();
            var points = new List<RunPoint>();
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                points.Add(new RunPoint(
                    raw.sqlite3_column_int(statement, 0),
                    raw.sqlite3_column_int64(statement, 1),
                    raw.sqlite3_column_int(statement, 2),
                    names.Of(raw.sqlite3_column_blob(statement, 3)),
                    names.Of(raw.sqlite3_column_blob(statement, 4)),
                    raw.sqlite3_column_double(statement, 5),
                    raw.sqlite3_column_double(statement, 6)));
                if (points.Count % CheckCancelEvery == 0)
                {
                    cancel.ThrowIfCancellationRequested();
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                Check(db, rc);
            }

            return points;
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", rc);
        }
    }

    /// <summary>The distinct UTF-8 names met so far, each decoded once (a study has a dozen or so).</summary>
    private sealed class Names
    {
        private readonly List<(byte[] Utf8, string Text)> _seen = [];

        public string Of(ReadOnlySpan<byte> utf8)
        {
            foreach (var (bytes, text) in _seen)
            {
                if (utf8.SequenceEqual(bytes))
                {
                    return text;
                }
            }

            var name = Encoding.UTF8.GetString(utf8);
            _seen.Add((utf8.ToArray(), name));
            return name;
        }
    }
}

/// <summary>One query of <see cref="PointReader"/>: the database file, the SQL and its parameters.</summary>
public sealed record PointQuery(string DataSource, string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);
