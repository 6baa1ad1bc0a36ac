using System.Diagnostics;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Tests.Data;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Bench;

/// <summary>
/// The server's share of the results page without a browser or a web server: the same synthetic
/// study as <see cref="ResultsPageBench"/>, written into a migrated SQLite file, then timed loads of
/// its results as the page reads them (<see cref="ResultsLoader.LoadAsync"/> without batch points,
/// a fresh database context each time) and the per-run table built from them.
/// </summary>
internal static class ResultsLoadBench
{
    public static async Task RunAsync(int runs, int epochs, int repeat, int seeds)
    {
        using var root = new TempDataRoot();
        var database = root.Combine("ablation.db");
        var options = new DbContextOptionsBuilder<AblationDb>().UseSqlite($"Data Source={database}").Options;
        await using (var db = new AblationDb(options))
        {
            await db.Database.MigrateAsync();
        }

        var (id, points) = await ResultsPageBench.SeedAsync(database, runs, epochs, seeds);
        Console.WriteLine($"results-load: study {id}, {runs} runs x {epochs} epochs, {points:N0} points; {repeat} loads (the first, JIT cold, not counted)");
        var factory = new Factory(options);
        var load = new List<double>();
        var table = new List<double>();
        for (var i = 0; i <= repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            var results = await ResultsLoader.LoadAsync(factory, id, withBatch: false) ?? throw new InvalidOperationException("no study");
            var loaded = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var rows = ResultsTable.Build(results).Rows.Count;
            var built = clock.Elapsed.TotalMilliseconds;
            Console.WriteLine($"  {(i == 0 ? "cold" : $"#{i}")}: load {loaded:F0} ms ({results.PointCount:N0} points), table of {rows} rows {built:F0} ms");
            if (i > 0)
            {
                load.Add(loaded);
                table.Add(built);
            }
        }

        // Its parts: the points alone, and the study's curves built from them.
        await using (var db = new AblationDb(options))
        {
            await db.Database.OpenConnectionAsync();
            for (var i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                var read = PointReader.Read((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection(), id, withBatch: false);
                var readMs = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var curves = new StudyResults(id, "", [], [], read);
                Console.WriteLine($"  parts: points read {readMs:F0} ms ({read.Count:N0}), curves built {clock.Elapsed.TotalMilliseconds:F0} ms ({curves.PointCount:N0})");
            }
        }

        Console.WriteLine($"RESULT results load ({runs} runs): median {Stats.Median(load):F0} ms, max {load.Max():F0} ms; table median {Stats.Median(table):F0} ms");
    }

    private sealed class Factory(DbContextOptions<AblationDb> options) : IDbContextFactory<AblationDb>
    {
        public AblationDb CreateDbContext() => new(options);
    }
}
