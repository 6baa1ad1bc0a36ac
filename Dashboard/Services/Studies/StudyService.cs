using System.Text.Json;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>Thrown when a study has invalid cells; <see cref="Preview"/> says which and why.</summary>
public sealed class InvalidStudyException(StudyPreview preview)
    : Exception(string.Join("; ", preview.Cells.SelectMany(c => c.Problems.Select(p => $"[{c.Cell.Label}] {p}")).Take(10)))
{
    public StudyPreview Preview { get; } = preview;
}

/// <summary>Creates studies (all runs or nothing), and reads a study's spec back for editing.</summary>
public sealed class StudyService(IDbContextFactory<AblationDb> dbFactory, StudyValidator validator, RunScheduler scheduler)
{
    public StudyPreview Preview(StudySpec spec) => validator.Preview(spec);

    /// <summary>Validates every cell, then stores the study and all its runs in one transaction and wakes the queue.</summary>
    public async Task<int> CreateAsync(StudySpec spec, CancellationToken cancel = default)
    {
        // Off the caller's thread (a circuit's, when the editor launches): an image folder may wait on the worker reading it.
        var preview = await Task.Run(() => validator.Preview(spec), cancel);
        if (!preview.IsValid)
        {
            throw new InvalidStudyException(preview);
        }

        var parameters = preview.Cells.ToDictionary(c => c.Cell.Label, c => c.Parameters);
        var now = DateTimeOffset.UtcNow;
        var study = new Study
        {
            Name = spec.Name.Trim(),
            Description = spec.Description,
            Dataset = spec.Base["data"]?["dataset"]?.GetValue<string>() ?? "",
            SpecJson = JsonSerializer.Serialize(spec, StudyJsonContext.Default.StudySpec),
            GridMode = spec.Mode.ToString(),
            Repeats = spec.Repeats,
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var planned in GridExpander.Runs(spec))
        {
            study.Runs.Add(QueuedRuns.From(planned, parameters.GetValueOrDefault(planned.Cell.Label), now));
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancel))
        {
            db.Studies.Add(study);
            await db.SaveChangesAsync(cancel); // one SaveChanges: one transaction, all runs or none
        }

        scheduler.Wake();
        return study.Id;
    }

    public async Task<StudySpec?> LoadSpecAsync(int studyId, CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var json = await db.Studies.Where(s => s.Id == studyId).Select(s => s.SpecJson).SingleOrDefaultAsync(cancel);
        return json is null ? null : JsonSerializer.Deserialize(json, StudyJsonContext.Default.StudySpec);
    }
}
