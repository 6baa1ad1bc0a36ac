using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>A study in the studies list: run counts by status and the best test accuracy recorded so far.</summary>
public sealed record StudySummary(int Id, string Name, string Dataset, string GridMode, DateTimeOffset CreatedAt,
    int Runs, int Queued, int Running, int Succeeded, int Failed, int Diverged, int Canceled,
    int EpochsDone, int EpochsTotal, double? BestTestAccuracy, string? BestLabel)
{
    public bool Active => Queued + Running > 0;

    public string Status => Running > 0 ? "running" : Queued > 0 ? "queued" : Failed + Diverged > 0 && Succeeded == 0 ? "failed" : "done";

    public double Progress => EpochsTotal == 0 ? 0 : (double)EpochsDone / EpochsTotal;
}

/// <summary>The reads behind the studies list and the study monitor.</summary>
public sealed class StudyQueries(IDbContextFactory<AblationDb> dbFactory)
{
    public async Task<List<StudySummary>> ListAsync(CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var studies = await db.Studies.AsNoTracking().OrderByDescending(s => s.Id).ToListAsync(cancel);
        var runs = await db.Runs.AsNoTracking().Current()
            .Select(r => new { r.StudyId, r.Status, r.EpochsDone, r.Epochs, r.Label, r.FinalMetricsJson })
            .ToListAsync(cancel);
        var byStudy = runs.ToLookup(r => r.StudyId);
        return studies.Select(s =>
        {
            var mine = byStudy[s.Id].ToList();
            var best = mine.Where(r => r.Status == RunStatus.Succeeded)
                .Select(r => (r.Label, Accuracy: TestAccuracy(r.FinalMetricsJson)))
                .Where(x => x.Accuracy is not null)
                .OrderByDescending(x => x.Accuracy)
                .FirstOrDefault();
            int Count(RunStatus status) => mine.Count(r => r.Status == status);
            return new StudySummary(s.Id, s.Name, s.Dataset, s.GridMode, s.CreatedAt, mine.Count,
                Count(RunStatus.Queued), Count(RunStatus.Running), Count(RunStatus.Succeeded), Count(RunStatus.Failed),
                Count(RunStatus.Diverged), Count(RunStatus.Canceled),
                mine.Sum(r => r.Status is RunStatus.Succeeded ? r.Epochs : r.EpochsDone), mine.Sum(r => r.Epochs),
                best.Accuracy, best.Label);
        }).ToList();
    }

    public async Task<Study?> StudyAsync(int studyId, CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        return await db.Studies.AsNoTracking().SingleOrDefaultAsync(s => s.Id == studyId, cancel);
    }

    /// <summary>Every run of the study, earlier attempts that a retry replaced included (<see cref="Run.RetriedById"/> set).</summary>
    public async Task<List<Run>> RunsAsync(int studyId, CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        return await db.Runs.AsNoTracking().Where(r => r.StudyId == studyId).OrderBy(r => r.Id).ToListAsync(cancel);
    }

    public async Task<Run?> RunAsync(int runId, CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        return await db.Runs.AsNoTracking().Include(r => r.Study).SingleOrDefaultAsync(r => r.Id == runId, cancel);
    }

    public async Task<List<MetricPoint>> PointsAsync(int studyId, int? runId = null, CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var query = db.Points.AsNoTracking().Where(p => p.StudyId == studyId);
        if (runId is { } id)
        {
            query = query.Where(p => p.RunId == id);
        }

        return await query.OrderBy(p => p.RunId).ThenBy(p => p.Step).ToListAsync(cancel);
    }

    public static double? TestAccuracy(string? finalMetricsJson) =>
        ResultMetrics.Parse(finalMetricsJson)?.GetValueOrDefault(ResultMetrics.TestAccuracy);
}
