using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ablation.Dashboard.Data;

/// <summary>
/// The context `dotnet ef` builds to compare the model with the migrations (see AblationDb): SQLite
/// as the dashboard uses it, without starting the dashboard. `migrations add` opens no database.
/// </summary>
internal sealed class AblationDbDesignTime : IDesignTimeDbContextFactory<AblationDb>
{
    public AblationDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AblationDb>().UseSqlite("Data Source=ablation.db").Options);
}
