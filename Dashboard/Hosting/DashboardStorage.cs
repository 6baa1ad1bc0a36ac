using Ablation.Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Hosting;

public static class DashboardStorage
{
    /// <summary>
    /// SQLite through EF Core: the path from ConnectionStrings:Ablation (relative to the repository
    /// root), WAL mode so pages read while the supervisor writes, migrations applied at start.
    /// </summary>
    public static WebApplicationBuilder AddDashboardStorage(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Ablation") ?? "Data Source=ablation.db";
        var connection = new SqliteConnectionStringBuilder(configured);
        if (connection.DataSource != ":memory:" && !Path.IsPathRooted(connection.DataSource))
        {
            connection.DataSource = Path.Combine(builder.Environment.ContentRootPath, connection.DataSource);
        }

        // Several processes' worth of writers (supervisors) share one file; wait instead of failing.
        connection.DefaultTimeout = 30;
        builder.Services.AddDbContextFactory<AblationDb>(o => o.UseSqlite(connection.ToString()));
        return builder;
    }

    public static async Task MigrateDashboardStorageAsync(this WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
