using Ablation.Training.Worker;
using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>The "Scheduler" section of appsettings.json.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Runs trained at once on the device.</summary>
    public int MaxConcurrentRuns { get; set; } = 1;

    /// <summary>The worker executable; empty means ablate-worker beside the dashboard.</summary>
    public string WorkerPath { get; set; } = "";

    /// <summary>How often buffered metric points are written and published, in milliseconds.</summary>
    public int FlushMilliseconds { get; set; } = 200;

    /// <summary>How long a canceled worker gets to stop on SIGTERM before it is killed.</summary>
    public int CancelGraceSeconds { get; set; } = 10;

    /// <summary>A run silent for this many times its own longest pause so far is shown as stalled (StallWatch) ...</summary>
    public double StallFactor { get; set; } = 10;

    /// <summary>... but never before it has been silent this long.</summary>
    public double StallMinimumSeconds { get; set; } = 60;

    /// <summary>A run silent this long (and StallFactor times its pace) is ended as failed, freeing its slot; 0 never ends one.</summary>
    public double StallTimeoutSeconds { get; set; } = 1800;

    public string ResolvedWorkerPath => string.IsNullOrWhiteSpace(WorkerPath)
        ? Path.Combine(AppContext.BaseDirectory, "ablate-worker")
        : Path.GetFullPath(WorkerPath);

}

/// <remarks>
/// Also refuses the keys that moved to the worker's section, so a configuration written for an
/// earlier release does not start with a different device or thread count than it names.
/// </remarks>
internal sealed class SchedulerOptionsValidator(IConfiguration configuration) : IValidateOptions<SchedulerOptions>
{
    /// <summary>Keys of earlier releases and where they went.</summary>
    public static readonly IReadOnlyDictionary<string, string> Moved = new Dictionary<string, string>
    {
        [$"{SchedulerOptions.Section}:Device"] = $"{WorkerSettings.Section}:Device",
        [$"{SchedulerOptions.Section}:ThreadsPerRun"] = $"{WorkerSettings.Section}:Threads",
    };

    public ValidateOptionsResult Validate(string? name, SchedulerOptions o)
    {
        var failures = new List<string>();
        foreach (var (old, now) in Moved)
        {
            if (configuration[old] is not null)
            {
                failures.Add($"{old} is now {now} (one place for the dashboard's runs and the worker's, docs/dashboard.md); rename it");
            }
        }

        if (o.MaxConcurrentRuns is < 1 or > 64)
        {
            failures.Add($"Scheduler:MaxConcurrentRuns must be between 1 and 64 (is {o.MaxConcurrentRuns})");
        }

        if (o.FlushMilliseconds is < 10 or > 60_000)
        {
            failures.Add($"Scheduler:FlushMilliseconds must be between 10 and 60000 (is {o.FlushMilliseconds})");
        }

        if (o.StallFactor < 1)
        {
            failures.Add($"Scheduler:StallFactor must be at least 1 (is {o.StallFactor})");
        }

        if (o.StallMinimumSeconds < 1)
        {
            failures.Add($"Scheduler:StallMinimumSeconds must be at least 1 (is {o.StallMinimumSeconds})");
        }

        if (o.StallTimeoutSeconds != 0 && o.StallTimeoutSeconds < o.StallMinimumSeconds)
        {
            failures.Add($"Scheduler:StallTimeoutSeconds must be 0 (never) or at least Scheduler:StallMinimumSeconds (is {o.StallTimeoutSeconds})");
        }

        if (!File.Exists(o.ResolvedWorkerPath))
        {
            failures.Add($"Scheduler:WorkerPath: the training worker {o.ResolvedWorkerPath} does not exist (run scripts/setup.sh)");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
