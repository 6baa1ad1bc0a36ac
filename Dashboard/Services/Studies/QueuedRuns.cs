using System.Text.Json;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>
/// The one place a queued run row is made: from a planned (cell, repeat) when a study is created
/// or gets more repeats, and from an earlier attempt when a run is retried.
/// </summary>
public static class QueuedRuns
{
    /// <summary>A first attempt at a planned (cell, repeat).</summary>
    public static Run From(PlannedRun planned, long? parameters, DateTimeOffset now) => new()
    {
        Label = planned.Cell.Label,
        CellJson = JsonSerializer.Serialize(planned.Cell.Values),
        Repeat = planned.Repeat,
        Seed = planned.Seed,
        SpecJson = planned.Spec.ToJsonString(),
        Epochs = planned.Spec["epochs"]?.GetValue<int>() ?? 0,
        Parameters = parameters,
        QueuedAt = now,
    };

    /// <summary>
    /// The next attempt at an earlier run's (cell, repeat): the same spec and seed, a fresh run
    /// folder (the supervisor names it after the new run), so it starts over instead of resuming.
    /// </summary>
    public static Run RetryOf(Run earlier, DateTimeOffset now) => new()
    {
        StudyId = earlier.StudyId,
        Label = earlier.Label,
        CellJson = earlier.CellJson,
        Repeat = earlier.Repeat,
        Seed = earlier.Seed,
        SpecJson = earlier.SpecJson,
        Epochs = earlier.Epochs,
        Parameters = earlier.Parameters,
        Attempt = earlier.Attempt + 1,
        QueuedAt = now,
    };

    /// <summary>Tells the pages and the hub that runs joined the queue, then wakes the queue.</summary>
    public static void Announce(IEnumerable<Run> queued, RunEventBus bus, RunScheduler scheduler)
    {
        foreach (var run in queued)
        {
            bus.Publish(new RunUpdate(run.StudyId, run.Id, run.Label, run.Status, 0, run.Epochs, null, [], "queued"));
        }

        scheduler.Wake();
    }
}
