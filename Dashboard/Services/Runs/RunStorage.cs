using Ablation.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>Where runs keep their files (spec, checkpoints), and point clean-up for resumed runs.</summary>
public sealed class RunStorage(IDbContextFactory<AblationDb> dbFactory, string contentRoot, string dataRoot, string runsRoot)
{
    public string ContentRoot { get; } = contentRoot;
    public string DataRoot { get; } = dataRoot;
    public string RunsRoot { get; } = runsRoot;

    public string RunDirectory(int studyId, int runId) => Path.Combine(RunsRoot, $"study-{studyId}", $"run-{runId}");

    public async Task DeletePointsAfterEpochAsync(int runId, int epoch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        // Batch points of the unfinished epoch carry that epoch's number; epoch points carry their own.
        await db.Points.Where(p => p.RunId == runId && p.Epoch > epoch).ExecuteDeleteAsync();
    }
}
