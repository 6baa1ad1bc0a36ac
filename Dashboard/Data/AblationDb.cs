using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Data;

// Migrations live in Data/Migrations and are written by hand: `dotnet ef` needs
// Microsoft.EntityFrameworkCore.Design, which does not restore from our NuGet source. After changing
// an entity, add a migration there; the MigrationsMatchTheModel test fails until it matches.
public sealed class AblationDb(DbContextOptions<AblationDb> options) : DbContext(options)
{
    public DbSet<Study> Studies => Set<Study>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<MetricPoint> Points => Set<MetricPoint>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AblationDb).Assembly);
}
