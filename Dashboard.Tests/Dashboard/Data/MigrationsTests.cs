using System.Text.RegularExpressions;
using Ablation.Dashboard.Data;
using Ablation.Tests.Data;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Tests.Dashboard.Data;

public sealed class MigrationsTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Model_HasNoChangeThatNoMigrationHolds()
    {
        using var db = Context("model.db");

        Assert.False(db.Database.HasPendingModelChanges(),
            "the model differs from Data/Migrations/AblationDbModelSnapshot.cs: add a migration with `dotnet ef migrations add` (see Data/AblationDb.cs)");
    }

    [Fact]
    public async Task Migrations_CreateTheSchemaTheModelDescribes()
    {
        await using (var db = Context("migrated.db"))
        {
            await db.Database.MigrateAsync();
        }

        await using (var db = Context("model.db"))
        {
            await db.Database.EnsureCreatedAsync();
        }

        // Columns added to a table later come after the others, where the model lists them in the
        // class's order; and they carry the DEFAULT their migration filled the existing rows with
        // (EventsOffset 0), which the model, writing every value itself, does not need.
        static List<string> Loosely(List<string> schema) => schema.Select(s => ColumnNumberAndDefault().Replace(s, "")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Loosely(await SqliteFiles.SchemaAsync(_root.Combine("model.db"))), Loosely(await SqliteFiles.SchemaAsync(_root.Combine("migrated.db"))));
    }

    [Fact]
    public async Task FreshDatabase_HasTheSchemaOfTheDatabasesTheHandWrittenMigrationsWrote()
    {
        await using (var db = Context("fresh.db"))
        {
            await db.Database.MigrateAsync();
        }

        await FixtureDatabase.WriteAsync(_root.Combine("fixture.db"));

        Assert.Equal(await SqliteFiles.SchemaAsync(_root.Combine("fixture.db")), await SqliteFiles.SchemaAsync(_root.Combine("fresh.db")));
        Assert.Equal(await SqliteFiles.HistoryAsync(_root.Combine("fixture.db")), await SqliteFiles.HistoryAsync(_root.Combine("fresh.db")));
    }

    private AblationDb Context(string file) =>
        new(new DbContextOptionsBuilder<AblationDb>().UseSqlite($"Data Source={_root.Combine(file)};Pooling=False").Options);

    private static Regex ColumnNumberAndDefault() => new(@"(?<= column )\d+ | default=[^ ]+");
}
