namespace Ablation.Dashboard.Data;

/// <summary>
/// Which runs count: a retried run stays in the database (its error, its points) as an earlier
/// attempt, and the run that retried it takes its place in every table, count and result.
/// </summary>
public static class RunAttempts
{
    /// <summary>The runs no retry has replaced: one per (cell, repeat).</summary>
    public static IQueryable<Run> Current(this IQueryable<Run> runs) => runs.Where(r => r.RetriedById == null);

    /// <summary>Failed, diverged or canceled: a run that ended without a result and can be tried again.</summary>
    public static bool CanRetry(RunStatus status) => status is RunStatus.Failed or RunStatus.Diverged or RunStatus.Canceled;
}
