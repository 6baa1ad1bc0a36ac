using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ablation.Tests.Dashboard.Data;

/// <summary>A SQLite file's schema and rows as sorted text, so two files compare with Assert.Equal and a difference reads as a line.</summary>
internal static class SqliteFiles
{
    /// <summary>The tables EF keeps for itself; their rows are compared on their own (the history) or not at all (the lock).</summary>
    private static readonly string[] _efTables = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    /// <summary>
    /// Every table's columns in order (name, type, not-null, default, primary key), its indexes (unique,
    /// partial, columns, and the WHERE of a partial one) and its foreign keys.
    /// </summary>
    public static async Task<List<string>> SchemaAsync(string path)
    {
        await using var connection = await OpenAsync(path);
        var rows = new List<string>();
        foreach (var table in await TablesAsync(connection))
        {
            rows.Add("table " + table);
            rows.AddRange(await QueryAsync(connection,
                $"SELECT '{table} column ' || cid || ' ' || name || ' ' || type || ' notnull=' || \"notnull\" || ' default=' || ifnull(dflt_value, 'none') || ' pk=' || pk FROM pragma_table_info('{table}')"));
            rows.AddRange(await QueryAsync(connection,
                $"SELECT '{table} fk ' || \"from\" || '->' || \"table\" || '.' || \"to\" || ' delete=' || on_delete || ' update=' || on_update FROM pragma_foreign_key_list('{table}')"));
            foreach (var index in await QueryAsync(connection, $"SELECT name FROM pragma_index_list('{table}') WHERE origin = 'c'"))
            {
                var columns = await QueryAsync(connection, $"SELECT ifnull(name, '<expr>') || CASE WHEN \"desc\" THEN ' desc' ELSE '' END FROM pragma_index_xinfo('{index}') WHERE key ORDER BY seqno");
                var flags = await QueryAsync(connection, $"SELECT 'unique=' || \"unique\" || ' partial=' || partial FROM pragma_index_list('{table}') WHERE name = '{index}'");
                var where = await QueryAsync(connection, $"SELECT ifnull(substr(sql, instr(upper(sql), ' WHERE ') + 7), '') FROM sqlite_master WHERE type = 'index' AND name = '{index}' AND sql LIKE '% WHERE %'");
                rows.Add($"{table} index {index} {flags.Single()} ({string.Join(", ", columns)}){(where.Count > 0 ? " where " + where[0] : "")}");
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Every row of every table but EF's own, one line each with its table, in rowid order: what "nothing lost" compares.</summary>
    public static async Task<List<string>> RowsAsync(string path)
    {
        await using var connection = await OpenAsync(path);
        var rows = new List<string>();
        foreach (var table in await TablesAsync(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var fields = Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={Format(reader.GetValue(i))}");
                rows.Add($"{table}: {string.Join(" | ", fields)}");
            }
        }

        return rows;
    }

    /// <summary>The migrations the file's history says were applied, in order.</summary>
    public static async Task<List<string>> HistoryAsync(string path)
    {
        await using var connection = await OpenAsync(path);
        return await QueryAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId");
    }

    public static async Task<long> CountAsync(string path, string table)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a SQL script (such as the text of <c>sqlite3 .dump</c>) on a new file.</summary>
    public static async Task CreateFromScriptAsync(string path, string script)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = script;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        // No pooling: the file is copied and deleted by the tests, and a pooled handle would hold it.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<string>> TablesAsync(SqliteConnection connection)
    {
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        return tables.Where(t => !_efTables.Contains(t)).ToList();
    }

    private static string Format(object value) => value switch
    {
        DBNull => "NULL",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => "'" + s + "'",
        byte[] b => "x'" + Convert.ToHexString(b) + "'",
        _ => value.ToString() ?? "",
    };

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
