using Ablation.Dashboard.Data;
using Ablation.Dashboard.Hosting;
using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Sharing;
using Ablation.Tests.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ablation.Tests.Dashboard.Data;

/// <summary>A database written by the hand-written migrations (Fixtures/) opens with the generated ones, migrates with nothing to do and loses nothing.</summary>
public sealed class FixtureDatabaseTests : IAsyncLifetime
{
    private readonly TempDataRoot _root = new();
    private WebApplication? _app;

    private string DatabasePath => _root.Combine("ablation.db");

    public Task InitializeAsync() => FixtureDatabase.WriteAsync(DatabasePath);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task Fixture_IsUpToDate_EveryMigrationIsOneItsHistoryHolds()
    {
        await using var db = new AblationDb(new DbContextOptionsBuilder<AblationDb>().UseSqlite($"Data Source={DatabasePath};Pooling=False").Options);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(FixtureDatabase.LastMigration, db.Database.GetMigrations().Last());
    }

    [Fact]
    public async Task Fixture_MigratesAtStartWithNothingToDo_AndLosesNoRow()
    {
        var rows = await SqliteFiles.RowsAsync(DatabasePath);
        var schema = await SqliteFiles.SchemaAsync(DatabasePath);
        var history = await SqliteFiles.HistoryAsync(DatabasePath);

        await StartAsync();

        Assert.Equal(history, await SqliteFiles.HistoryAsync(DatabasePath));
        Assert.Equal(schema, await SqliteFiles.SchemaAsync(DatabasePath));
        Assert.Equal(rows, await SqliteFiles.RowsAsync(DatabasePath));
        Assert.Equal(79, rows.Count); // 2 studies, 7 runs, 62 points, 2 users, a claim, a login, a user token, an API token, 2 share links
    }

    [Fact]
    public async Task Fixture_EveryRowReadsThroughTheAppsServices()
    {
        var services = await StartAsync();
        var factory = services.GetRequiredService<IDbContextFactory<AblationDb>>();

        // Studies, runs and points: through the results loader, as the results page reads them.
        var study = (await ResultsLoader.LoadAsync(factory, 1))!;
        Assert.Equal("bn × dropout, \"fixture\"", study.Name);
        Assert.Equal("MLP on the toy set\nsecond line, with a comma", study.Description);
        Assert.Equal(["bn", "dropout"], study.Axes.Select(a => a.Name));
        Assert.Equal([1, 3, 4, 5, 6, 7], study.Runs.Select(r => r.Id)); // run 2 was retried by run 3
        Assert.Equal(
            [RunStatus.Succeeded, RunStatus.Succeeded, RunStatus.Diverged, RunStatus.Running, RunStatus.Queued, RunStatus.Canceled],
            study.Runs.Select(r => r.Status));
        Assert.Equal(61, study.PointCount);
        Assert.Equal(0.9, study.Run(1)!.FinalMetrics!["test_accuracy"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 9, 33, 0, TimeSpan.FromHours(1)), study.Run(1)!.EndedAt);
        Assert.Equal("diverged at epoch 2, step 150: loss NaN", study.Run(4)!.Error);
        Assert.Equal([1.2, 0.9, 0.7], study.SeriesFor(1, "batch", "loss")!.Points.Select(p => p.Value));
        Assert.Equal(1e30, study.SeriesFor(4, "batch", "loss")!.Points[^1].Value);
        Assert.Equal(4.9e-324, study.SeriesFor(5, "batch", "lr")!.Points.Single().Value);
        Assert.Equal([0.8, 0.88], study.SeriesFor(1, "train", "accuracy")!.Points.Select(p => p.Value));
        var variants = (await ResultsLoader.LoadAsync(factory, 2))!;
        Assert.Equal("optimizers (variants)", variants.Name);
        Assert.Empty(variants.Runs);

        // The columns later migrations added: attempts, the events offset, a stall.
        await using (var db = await factory.CreateDbContextAsync())
        {
            var runs = await db.Runs.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(7, runs.Count);
            Assert.Equal([null, 3, null, null, null, null, null], runs.Select(r => r.RetriedById));
            Assert.Equal([1, 1, 2, 1, 1, 1, 1], runs.Select(r => r.Attempt));
            Assert.Equal([2048L, 311, 1990, 1024, 777, 0, 0], runs.Select(r => r.EventsOffset));
            Assert.Equal(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(1)), runs[4].StalledSince);
            Assert.Equal("runs/study-1/run-5", runs[4].RunDirectory);
            Assert.Equal("cuda:0", runs[1].Device);
            Assert.Equal(62, await db.Points.CountAsync());
        }

        // Users through Identity: passwords, claim, external login, authenticator key, lockout.
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var ada = (await users.FindByNameAsync("ada"))!;
            Assert.True(await users.CheckPasswordAsync(ada, FixtureDatabase.AdaPassword));
            Assert.Equal(("course", "DL-2026, group \"B\""), (await users.GetClaimsAsync(ada)).Select(c => (c.Type, c.Value)).Single());
            Assert.Equal(("campus-sso", "ada-4711", "Campus SSO"), (await users.GetLoginsAsync(ada)).Select(l => (l.LoginProvider, l.ProviderKey, l.ProviderDisplayName)).Single());
            Assert.Equal("JBSWY3DPEHPK3PXP", await users.GetAuthenticatorKeyAsync(ada));
            var bob = (await users.FindByEmailAsync("bob@example.org"))!;
            Assert.Equal("bob", bob.UserName);
            Assert.True(await users.CheckPasswordAsync(bob, FixtureDatabase.BobPassword));
            Assert.True(await users.IsLockedOutAsync(bob));
            Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), await users.GetLockoutEndDateAsync(bob));

            Assert.Equal((ada.Id, "ada"), await services.GetRequiredService<ApiTokenService>().FindUserAsync(FixtureDatabase.ApiToken));
        }

        // Share links: the live one opens study 1; the revoked one is listed as revoked.
        var links = services.GetRequiredService<ShareLinkService>();
        Assert.Equal(1, (await links.ResolveAsync(FixtureDatabase.ShareToken))!.StudyId);
        var listed = await links.ListAsync(1);
        Assert.Equal([2, 1], listed.Select(l => l.Id));
        Assert.NotNull(listed[0].RevokedAt);
        Assert.Null(listed[1].RevokedAt);
        Assert.Equal("ada", listed[1].CreatedBy);
        Assert.Null(listed[1].Token); // encrypted with keys this host does not have: it opens, but cannot be shown again
    }

    /// <summary>The dashboard's storage as Program.cs sets it up and migrates it at start, with the services that read users and links; no scheduler, so no run moves.</summary>
    private async Task<IServiceProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _root.Path });
        builder.Configuration["ConnectionStrings:Ablation"] = "Data Source=ablation.db";
        builder.AddDashboardStorage();
        builder.Services.AddLogging();
        builder.Services.AddDashboardUsers();
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(_root.Combine("keys")));
        builder.Services.AddSingleton<ShareLinkService>();
        _app = builder.Build();
        await _app.MigrateDashboardStorageAsync();
        return _app.Services;
    }
}
