namespace Ablation.Dashboard.Data;

public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Diverged,
    Canceled,
}

public sealed class Study
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public required string Dataset { get; set; }

    /// <summary>The whole StudySpec (base run spec, axes, mode, variants, repeats) as JSON.</summary>
    public required string SpecJson { get; set; }

    public required string GridMode { get; set; }
    public int Repeats { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Run> Runs { get; set; } = [];
}

public sealed class Run
{
    public int Id { get; set; }
    public int StudyId { get; set; }
    public Study? Study { get; set; }

    /// <summary>A readable cell label such as "bn=off, dropout=0.25".</summary>
    public required string Label { get; set; }

    /// <summary>The cell's axis values as a JSON object, axis name → formatted value.</summary>
    public required string CellJson { get; set; }

    public int Repeat { get; set; }
    public int Seed { get; set; }

    /// <summary>The fully resolved run spec the worker trains.</summary>
    public required string SpecJson { get; set; }

    public RunStatus Status { get; set; } = RunStatus.Queued;
    public string? Device { get; set; }
    public long? Parameters { get; set; }
    public int Epochs { get; set; }
    public int EpochsDone { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>The worker's final metrics object as JSON.</summary>
    public string? FinalMetricsJson { get; set; }

    /// <summary>The worker's run folder (checkpoints), so a restart resumes where it stopped.</summary>
    public string? RunDirectory { get; set; }

    /// <summary>
    /// How far the run folder's events file is stored: the byte offset just past the last line
    /// whose points are in the database, written in the same transaction as those points. A run
    /// recorded before runs had an events file has 0: for a run still running, its next worker's events.
    /// </summary>
    public long EventsOffset { get; set; }

    /// <summary>Set while a running run has been silent far longer than its own pace (StallWatch); cleared when it reports or ends.</summary>
    public DateTimeOffset? StalledSince { get; set; }

    /// <summary>1 for the first attempt at this (cell, repeat); a retry is a new run numbered one higher.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>The run that retried this one. Set, this run is an earlier attempt: kept with its error and points, left out of results and counts.</summary>
    public int? RetriedById { get; set; }
}

/// <summary>
/// One recorded value. StudyId is repeated here so that a study's curves load with one indexed
/// query and no join.
/// </summary>
public sealed class MetricPoint
{
    public long Id { get; set; }
    public int StudyId { get; set; }
    public int RunId { get; set; }
    public long Step { get; set; }
    public int Epoch { get; set; }

    /// <summary>"train", "val", "test" or "batch".</summary>
    public required string Split { get; set; }

    /// <summary>"loss", "accuracy", "lr", "samples_per_second", "epoch_seconds".</summary>
    public required string Name { get; set; }

    public double Value { get; set; }

    /// <summary>Seconds since the worker started.</summary>
    public double Time { get; set; }
}
