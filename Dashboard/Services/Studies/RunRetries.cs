using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>One retry: the earlier attempt and the queued run that replaces it.</summary>
public sealed record Retried(int RunId, int RetryRunId);

/// <summary>A run that cannot be retried in its state (it succeeded, is still queued or running, or was retried already).</summary>
public sealed class RunStateException(string message) : Exception(message);

/// <summary>
/// Retries runs that ended without a result. A retry is a new run of the same (cell, repeat), with
/// the same spec and seed and a fresh run folder, so it starts over; the earlier attempt stays as
/// it was (status, error, points) and is marked as retried, which takes it out of every table and
/// count. Only failed, diverged or canceled runs are retried, each at most once: a succeeded run is
/// never run again, and two retries of one run at the same time make one new run.
/// </summary>
public sealed class RunRetries(IDbContextFactory<AblationDb> dbFactory, RunEventBus bus, RunScheduler scheduler)
{
    // Check-then-insert is one critical section per dashboard process (which owns the database, as
    // the scheduler assumes): a second retry of the same run waits, then sees it retried.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <returns>The retry, or null when there is no such run.</returns>
    /// <exception cref="RunStateException">The run succeeded, has not ended, or was retried already.</exception>
    public async Task<Retried?> RetryRunAsync(int runId, CancellationToken cancel = default)
    {
        await _gate.WaitAsync(cancel);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancel);
            var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, cancel);
            if (run is null)
            {
                return null;
            }

            if (run.RetriedById is { } by)
            {
                throw new RunStateException($"run {runId} was retried already, as run {by}");
            }

            if (!RunAttempts.CanRetry(run.Status))
            {
                var why = run.Status == RunStatus.Succeeded ? "it succeeded, and a finished run is never run again" : "it has not ended yet";
                throw new RunStateException($"run {runId} is {run.Status.ToString().ToLowerInvariant()}: only failed, diverged or canceled runs are retried ({why})");
            }

            return (await RetryAsync(db, [run], cancel)).Single();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Retries the failed and diverged runs of a study, or with <paramref name="cell"/> the failed,
    /// diverged and canceled runs of that one cell (its label). Nothing to retry is not an error:
    /// the answer is empty, so asking twice retries once.
    /// </summary>
    /// <returns>The retries, or null when there is no such study.</returns>
    /// <exception cref="StudyException">The study has no cell with that label.</exception>
    public async Task<IReadOnlyList<Retried>?> RetryStudyAsync(int studyId, string? cell = null, CancellationToken cancel = default)
    {
        await _gate.WaitAsync(cancel);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancel);
            if (!await db.Studies.AnyAsync(s => s.Id == studyId, cancel))
            {
                return null;
            }

            var runs = await db.Runs.Current().Where(r => r.StudyId == studyId && (cell == null || r.Label == cell)).OrderBy(r => r.Id).ToListAsync(cancel);
            if (cell is not null && runs.Count == 0)
            {
                throw new StudyException("cell", $"study {studyId} has no cell '{cell}'");
            }

            var retry = runs.Where(r => cell is null ? r.Status is RunStatus.Failed or RunStatus.Diverged : RunAttempts.CanRetry(r.Status)).ToList();
            return retry.Count == 0 ? [] : await RetryAsync(db, retry, cancel);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<Retried>> RetryAsync(AblationDb db, List<Run> earlier, CancellationToken cancel)
    {
        var now = DateTimeOffset.UtcNow;
        var retries = earlier.Select(r => QueuedRuns.RetryOf(r, now)).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancel))
        {
            db.Runs.AddRange(retries);
            await db.SaveChangesAsync(cancel); // the new runs get their ids
            foreach (var (old, retry) in earlier.Zip(retries))
            {
                old.RetriedById = retry.Id;
            }

            await db.SaveChangesAsync(cancel);
            await transaction.CommitAsync(cancel); // the new attempts and the marks on the old ones, or nothing
        }

        QueuedRuns.Announce(retries, bus, scheduler);
        return earlier.Zip(retries, (old, retry) => new Retried(old.Id, retry.Id)).ToList();
    }
}
