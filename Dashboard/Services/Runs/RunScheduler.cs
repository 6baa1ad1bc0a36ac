using System.Collections.Concurrent;
using Ablation.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>
/// The run queue: takes queued runs from the database oldest first, trains at most
/// MaxConcurrentRuns at once (one worker process each), and on start-up queues again the runs a
/// previous dashboard left running, which then resume from their last checkpoint.
/// </summary>
public sealed class RunScheduler(
    IDbContextFactory<AblationDb> dbFactory,
    RunSupervisor supervisor,
    RunEventBus bus,
    IOptions<SchedulerOptions> options,
    ILogger<RunScheduler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<int, (Task Task, CancellationTokenSource Cancel)> _active = new();
    private readonly SemaphoreSlim _wake = new(0);

    public IReadOnlyCollection<int> ActiveRunIds => [.. _active.Keys];

    /// <summary>Looks at the queue now instead of at the next poll (after a study is launched).</summary>
    public void Wake() => _wake.Release();

    /// <summary>Cancels a run: a queued one at once, a running one by stopping its worker.</summary>
    public async Task<bool> CancelAsync(int runId)
    {
        if (await CancelActiveAsync(runId))
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId && r.Status == RunStatus.Queued);
        if (run is null)
        {
            // The scheduler may have claimed it between the two looks (its supervisor marks it running).
            return await CancelActiveAsync(runId);
        }

        run.Status = RunStatus.Canceled;
        run.EndedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync();
        bus.Publish(new RunUpdate(run.StudyId, run.Id, run.Label, run.Status, run.EpochsDone, run.Epochs, null, [], "canceled"));
        await CancelActiveAsync(runId); // claimed while it was canceled in place: its supervisor stops too
        return true;
    }

    private async Task<bool> CancelActiveAsync(int runId)
    {
        if (!_active.TryGetValue(runId, out var active))
        {
            return false;
        }

        await active.Cancel.CancelAsync();
        return true;
    }

    public async Task CancelStudyAsync(int studyId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var ids = await db.Runs.Where(r => r.StudyId == studyId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .Select(r => r.Id).ToListAsync();
        foreach (var id in ids)
        {
            await CancelAsync(id);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await RequeueInterruptedAsync(stopping);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await StartQueuedAsync(stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database hiccup must not end the queue for the life of the dashboard.
                logger.LogError(e, "scheduler pass failed; retrying");
            }

            await _wake.WaitAsync(TimeSpan.FromSeconds(2), stopping).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stopping the host cancels ExecuteAsync's token, which every supervisor watches: workers
        // stop on SIGTERM between two steps, and their runs stay 'running' so that the next start
        // queues them again and they resume from the last checkpoint.
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(_active.Values.Select(a => a.Task)).WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
    }

    private async Task RequeueInterruptedAsync(CancellationToken stopping)
    {
        await using var db = await dbFactory.CreateDbContextAsync(stopping);
        var interrupted = await db.Runs.Where(r => r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Queued), stopping);
        if (interrupted > 0)
        {
            logger.LogInformation("queued {Count} interrupted run(s) again; they resume from their last checkpoint", interrupted);
        }
    }

    private async Task StartQueuedAsync(CancellationToken stopping)
    {
        var max = options.Value.MaxConcurrentRuns;
        var free = max - _active.Count;
        if (free <= 0)
        {
            return;
        }

        // A run just handed to its supervisor is still 'queued' in the database until the supervisor
        // marks it; leaving out the active ones keeps a second pass from starting it twice.
        var active = _active.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(stopping);
        var next = await db.Runs.Where(r => r.Status == RunStatus.Queued && !active.Contains(r.Id))
            .OrderBy(r => r.Id).Select(r => r.Id).Take(free).ToListAsync(stopping);
        foreach (var runId in next)
        {
            // Registered before it starts, so a run that ends at once cannot leave a stale entry.
            var cancel = new CancellationTokenSource();
            var done = new TaskCompletionSource();
            _active[runId] = (done.Task, cancel);
            _ = Task.Run(async () =>
            {
                try
                {
                    await supervisor.SuperviseAsync(runId, max, cancel.Token, stopping);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "supervising run {Run} failed", runId);
                    await MarkFailedAsync(runId, e.Message);
                }
                finally
                {
                    _active.TryRemove(runId, out _);
                    cancel.Dispose();
                    done.SetResult();
                    Wake();
                }
            }, CancellationToken.None);
        }
    }

    private async Task MarkFailedAsync(int runId, string message)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var run = await db.Runs.SingleAsync(r => r.Id == runId);
        run.Status = RunStatus.Failed;
        run.Error = message;
        run.EndedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync();
        bus.Publish(new RunUpdate(run.StudyId, run.Id, run.Label, run.Status, run.EpochsDone, run.Epochs, run.Error, [], "end"));
    }
}
