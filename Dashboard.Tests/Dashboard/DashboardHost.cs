using Ablation.Dashboard.Data;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// The dashboard in-process on its own SQLite file, data root (the toy IDX set) and runs folder;
/// the real worker trains. Two hosts over the same folders play a dashboard restart.
/// </summary>
internal sealed class DashboardHost(TempDataRoot root, int maxConcurrentRuns = 1, string? workerPath = null,
    IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public static TempDataRoot NewRoot()
    {
        var root = new TempDataRoot();
        ToyData.Write(root.Combine("data"));
        return root;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Ablation", $"Data Source={root.Combine("ablation.db")}");
        builder.UseSetting("Training:DataRoot", root.Combine("data"));
        builder.UseSetting("Training:RunsRoot", root.Combine("runs"));
        builder.UseSetting("Scheduler:MaxConcurrentRuns", maxConcurrentRuns.ToString());
        builder.UseSetting("Training:Threads", "1");
        builder.UseSetting("Scheduler:CancelGraceSeconds", "5");
        if (workerPath is not null)
        {
            builder.UseSetting("Scheduler:WorkerPath", workerPath);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async Task<List<Run>> RunsAsync(int studyId)
    {
        await using var db = await Get<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        return await db.Runs.Where(r => r.StudyId == studyId).OrderBy(r => r.Id).AsNoTracking().ToListAsync();
    }

    public async Task<List<MetricPoint>> PointsAsync(int studyId)
    {
        await using var db = await Get<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        return await db.Points.Where(p => p.StudyId == studyId).AsNoTracking().ToListAsync();
    }

    /// <summary>Reads the runs straight from the database file, with no dashboard (and so no scheduler) running.</summary>
    public static async Task<List<Run>> ReadRunsAsync(TempDataRoot root, int studyId)
    {
        var options = new DbContextOptionsBuilder<AblationDb>().UseSqlite($"Data Source={root.Combine("ablation.db")}").Options;
        await using var db = new AblationDb(options);
        return await db.Runs.Where(r => r.StudyId == studyId).OrderBy(r => r.Id).AsNoTracking().ToListAsync();
    }

    /// <summary>Polls the database until <paramref name="done"/> holds for the study's runs.</summary>
    public async Task<List<Run>> WaitForRunsAsync(int studyId, Func<List<Run>, bool> done, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var runs = await RunsAsync(studyId);
            if (done(runs))
            {
                return runs;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("runs did not reach the expected state: " +
                    string.Join("; ", runs.Select(r => $"{r.Label}#{r.Repeat} {r.Status} {r.EpochsDone}/{r.Epochs} {r.Error}")));
            }

            await Task.Delay(100);
        }
    }
}
