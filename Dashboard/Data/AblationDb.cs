using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Data;

// Migrations live in Data/Migrations and are written by hand: `dotnet ef` needs
// Microsoft.EntityFrameworkCore.Design, which does not restore from our NuGet source. After changing
// an entity, add a migration there; the MigrationsMatchTheModel test fails until it matches.
// Users (ASP.NET Core Identity's user tables, no roles) live in the same file: one database to back up.
public sealed class AblationDb(DbContextOptions<AblationDb> options) : IdentityUserContext<IdentityUser>(options)
{
    public DbSet<Study> Studies => Set<Study>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<MetricPoint> Points => Set<MetricPoint>();
    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AblationDb).Assembly);
    }
}
