using System.Collections.Concurrent;
using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>What changed about a run: its status and progress, the points just recorded, and since when it is silent if it stalled.</summary>
public sealed record RunUpdate(int StudyId, int RunId, string Label, RunStatus Status, int EpochsDone, int Epochs, string? Error,
    IReadOnlyList<PointValue> Points, string? Event, DateTimeOffset? StalledSince = null);

/// <summary>
/// In-process publish/subscribe of run updates, per study. Pages subscribe (and register before
/// reading their snapshot, so nothing falls in between); the SignalR hub is fed from here too.
/// A subscriber that throws is removed, never allowed to stop the publisher.
/// </summary>
public sealed class RunEventBus(ILogger<RunEventBus> logger)
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<Guid, Action<RunUpdate>>> _byStudy = new();
    private readonly ConcurrentDictionary<Guid, Action<RunUpdate>> _all = new();

    public IDisposable Subscribe(int studyId, Action<RunUpdate> handler)
    {
        var id = Guid.NewGuid();
        _byStudy.GetOrAdd(studyId, _ => new()).TryAdd(id, handler);
        return new Subscription(() => _byStudy.GetOrAdd(studyId, _ => new()).TryRemove(id, out _));
    }

    public IDisposable SubscribeAll(Action<RunUpdate> handler)
    {
        var id = Guid.NewGuid();
        _all.TryAdd(id, handler);
        return new Subscription(() => _all.TryRemove(id, out _));
    }

    public void Publish(RunUpdate update)
    {
        if (_byStudy.TryGetValue(update.StudyId, out var handlers))
        {
            Deliver(handlers, update);
        }

        Deliver(_all, update);
    }

    private void Deliver(ConcurrentDictionary<Guid, Action<RunUpdate>> handlers, RunUpdate update)
    {
        foreach (var (id, handler) in handlers)
        {
            try
            {
                handler(update);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "run update subscriber failed; unsubscribing it");
                handlers.TryRemove(id, out _);
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
