using Ablation.Dashboard.Data;
using Ablation.Tests.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Tests.Dashboard;

public sealed class MigrationsTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task MigrationsMatchTheModel()
    {
        var migrated = await SchemaAsync("migrated.db", db => db.Database.MigrateAsync());
        var fromModel = await SchemaAsync("model.db", db => db.Database.EnsureCreatedAsync());

        Assert.Equal(fromModel, migrated);
    }

    /// <summary>Every table's columns (name, type, not-null, primary key), indexes and foreign keys, as text.</summary>
    private async Task<List<string>> SchemaAsync(string file, Func<AblationDb, Task> create)
    {
        var path = _root.Combine(file);
        var options = new DbContextOptionsBuilder<AblationDb>().UseSqlite($"Data Source={path}").Options;
        await using (var db = new AblationDb(options))
        {
            await create(db);
        }

        var rows = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')");
        rows.AddRange(tables.Select(t => "table " + t));
        foreach (var table in tables)
        {
            rows.AddRange(await QueryAsync(connection, $"SELECT '{table}.' || name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk FROM pragma_table_info('{table}')"));
            rows.AddRange(await QueryAsync(connection, $"SELECT '{table} index ' || name || ' unique=' || \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c'"));
            rows.AddRange(await QueryAsync(connection, $"SELECT '{table} fk ' || \"from\" || '->' || \"table\" || '.' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list('{table}')"));
        }

        rows.AddRange(await QueryAsync(connection, "SELECT 'index ' || name || ': ' || group_concat(col, ',') FROM (SELECT il.name AS name, ii.name AS col FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii WHERE m.type = 'table' AND il.origin = 'c' ORDER BY il.name, ii.seqno) GROUP BY name"));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static async Task<List<string>> QueryAsync(SqliteConnection connection, string sql)
    {
        var result = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
