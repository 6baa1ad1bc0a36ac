using System.Collections.Concurrent;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// Keeps a study's loaded results for a few seconds, so the results page's prerender and its
/// interactive render right after it (and a second browser opening the same page) read the
/// database once. Any update of the study on the <see cref="RunEventBus"/> drops its entries at
/// once, so a cached result is never staler than the database was when nothing changed.
/// </summary>
public sealed class ResultsCache : IDisposable
{
    private static readonly TimeSpan _lifetime = TimeSpan.FromSeconds(10);

    private readonly IDbContextFactory<AblationDb> _dbFactory;
    private readonly ConcurrentDictionary<int, long> _versions = new();
    private readonly ConcurrentDictionary<(int Study, bool WithBatch), Entry> _entries = new();
    private readonly IDisposable _subscription;

    public ResultsCache(IDbContextFactory<AblationDb> dbFactory, RunEventBus bus)
    {
        _dbFactory = dbFactory;
        _subscription = bus.SubscribeAll(update => Invalidate(update.StudyId));
    }

    /// <summary>The study's results (<see cref="ResultsLoader.LoadAsync"/>), from the cache while fresh.</summary>
    public async Task<StudyResults?> GetAsync(int studyId, bool withBatch, CancellationToken cancel = default)
    {
        var version = _versions.GetValueOrDefault(studyId);
        var now = DateTime.UtcNow;
        foreach (var key in withBatch ? [(studyId, true)] : new[] { (studyId, false), (studyId, true) })
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Version == version && now - entry.LoadedAt < _lifetime)
            {
                return entry.Results;
            }
        }

        var results = await ResultsLoader.LoadAsync(_dbFactory, studyId, withBatch, cancel);
        if (results is not null)
        {
            // Stored under the version read before loading: an update during the load makes it stale at once.
            _entries[(studyId, withBatch)] = new Entry(results, version, now);
        }

        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LoadedAt >= _lifetime)
            {
                _entries.TryRemove(key, out _);
            }
        }

        return results;
    }

    /// <summary>Forgets what is cached of the study (its runs or points changed).</summary>
    public void Invalidate(int studyId)
    {
        _versions.AddOrUpdate(studyId, 1, (_, v) => v + 1);
        _entries.TryRemove((studyId, false), out _);
        _entries.TryRemove((studyId, true), out _);
    }

    public void Dispose() => _subscription.Dispose();

    private sealed record Entry(StudyResults Results, long Version, DateTime LoadedAt);
}
