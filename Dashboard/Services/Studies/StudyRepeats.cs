using System.Text.Json;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>What raising a study's repeats did: the repeats before and after, and the runs it queued.</summary>
public sealed record RepeatsAdded(int StudyId, int PreviousRepeats, int Repeats, IReadOnlyList<int> QueuedRunIds);

/// <summary>
/// Raises a study's repeats (seeds per cell) and queues only the missing (cell, repeat) runs: the
/// new repeats of every cell take the next seeds, exactly as if the study had been created with
/// them. Lowering is refused, since it would drop recorded runs; asking again for the same number
/// queues nothing.
/// </summary>
public sealed class StudyRepeats(IDbContextFactory<AblationDb> dbFactory, RunEventBus bus, RunScheduler scheduler)
{
    // Two requests at once would both see the same runs missing; one dashboard process owns the
    // database (as the scheduler already assumes), so a process-wide gate is enough.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <returns>What was queued, or null when there is no such study.</returns>
    /// <exception cref="StudyException">Fewer repeats than the study has, out of range, or a grid beyond the run limit.</exception>
    public async Task<RepeatsAdded?> AddAsync(int studyId, int repeats, CancellationToken cancel = default)
    {
        await _gate.WaitAsync(cancel);
        try
        {
            return await AddLockedAsync(studyId, repeats, cancel);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RepeatsAdded?> AddLockedAsync(int studyId, int repeats, CancellationToken cancel)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var study = await db.Studies.SingleOrDefaultAsync(s => s.Id == studyId, cancel);
        if (study is null)
        {
            return null;
        }

        if (repeats < study.Repeats)
        {
            throw new StudyException("repeats", $"{repeats} is fewer than the {study.Repeats} this study has: repeats can only be raised, so that no recorded run is dropped");
        }

        var spec = ReadSpec(study);
        var raised = spec with { Repeats = repeats };
        var planned = GridExpander.Runs(raised); // checks the range and the run limit

        var current = await db.Runs.Current().Where(r => r.StudyId == studyId)
            .Select(r => new { r.Label, r.Repeat, r.Parameters }).ToListAsync(cancel);
        var present = current.Select(r => (r.Label, r.Repeat)).ToHashSet();
        var parameters = current.Where(r => r.Parameters is not null).GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.First().Parameters);

        // The cells were validated when the study was created; a new repeat changes only the seed.
        var now = DateTimeOffset.UtcNow;
        var added = planned.Where(p => !present.Contains((p.Cell.Label, p.Repeat)))
            .Select(p => QueuedRuns.From(p, parameters.GetValueOrDefault(p.Cell.Label), now))
            .ToList();
        var previous = study.Repeats;
        if (added.Count == 0 && previous == repeats)
        {
            return new RepeatsAdded(studyId, previous, repeats, []);
        }

        foreach (var run in added)
        {
            run.StudyId = studyId;
        }

        db.Runs.AddRange(added);
        study.Repeats = repeats;
        study.SpecJson = JsonSerializer.Serialize(raised, StudyJsonContext.Default.StudySpec);
        study.UpdatedAt = now;
        await db.SaveChangesAsync(cancel); // one transaction: the new repeats and their runs, or nothing

        QueuedRuns.Announce(added, bus, scheduler);
        return new RepeatsAdded(studyId, previous, repeats, added.Select(r => r.Id).ToList());
    }

    private static StudySpec ReadSpec(Study study)
    {
        try
        {
            return JsonSerializer.Deserialize(study.SpecJson, StudyJsonContext.Default.StudySpec)
                ?? throw new StudyException("spec", $"study {study.Id} has no spec to expand");
        }
        catch (JsonException e)
        {
            throw new StudyException("spec", $"study {study.Id}'s stored spec cannot be read ({e.Message}), so its cells cannot be expanded again");
        }
    }
}
