using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>
/// One run's stretch of refused database writes (locked, disk full, read-only): logged when it
/// begins and when it ends rather than at every retry, and timed, so that a supervisor whose
/// worker has exited gives up after <see cref="GiveUpAfterExit"/> instead of retrying forever.
/// </summary>
internal sealed class StoreFailures(int runId, ILogger logger, TimeProvider clock)
{
    /// <summary>How long the last store of an exited worker's run is retried.</summary>
    public static readonly TimeSpan GiveUpAfterExit = TimeSpan.FromSeconds(30);

    private DateTimeOffset? _since;
    private string _reason = "";

    public bool Clear => _since is null;

    public TimeSpan FailingFor => _since is { } since ? clock.GetUtcNow() - since : TimeSpan.Zero;

    /// <summary>Runs <paramref name="store"/>; false when the database refused it (the caller tries again later).</summary>
    public async Task<bool> TryAsync(Func<Task> store)
    {
        try
        {
            await store();
        }
        catch (Exception e) when (IsStorageError(e))
        {
            _reason = (e.InnerException ?? e).Message;
            if (_since is null)
            {
                _since = clock.GetUtcNow();
                logger.LogWarning("run {Run}: the database refused to store its progress ({Reason}); retrying, the worker goes on", runId, _reason);
            }

            return false;
        }

        if (_since is not null)
        {
            logger.LogInformation("run {Run}: storing works again after {Seconds:0.0} s", runId, FailingFor.TotalSeconds);
            _since = null;
        }

        return true;
    }

    /// <summary>Runs <paramref name="store"/> until it is stored, retrying every <paramref name="every"/> for at most <see cref="GiveUpAfterExit"/>.</summary>
    public async Task StoreAsync(Func<Task> store, TimeSpan every)
    {
        while (!await TryAsync(store))
        {
            if (FailingFor > GiveUpAfterExit)
            {
                throw Exception();
            }

            await Task.Delay(every, clock, CancellationToken.None);
        }
    }

    public RunStorageException Exception() => new(
        $"the dashboard could not store this run's progress for {FailingFor.TotalSeconds:0} s ({_reason}); its run folder's events file keeps all the worker reported");

    private static bool IsStorageError(Exception e) => e is DbException or DbUpdateException;
}

/// <summary>The database kept refusing a run's progress; the message is the one the run shows.</summary>
public sealed class RunStorageException(string message) : Exception(message);
