using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>The "Scheduler" section of appsettings.json.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Runs trained at once on the device.</summary>
    public int MaxConcurrentRuns { get; set; } = 1;

    /// <summary>auto (the GPU when libtorch sees one), cpu, cuda or cuda:N; passed to every worker.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Intra-op threads per worker; 0 shares the cores evenly between concurrent runs.</summary>
    public int ThreadsPerRun { get; set; }

    /// <summary>The worker executable; empty means ablate-worker beside the dashboard.</summary>
    public string WorkerPath { get; set; } = "";

    /// <summary>How often buffered metric points are written and published, in milliseconds.</summary>
    public int FlushMilliseconds { get; set; } = 200;

    /// <summary>How long a canceled worker gets to stop on SIGTERM before it is killed.</summary>
    public int CancelGraceSeconds { get; set; } = 10;

    public string ResolvedWorkerPath => string.IsNullOrWhiteSpace(WorkerPath)
        ? Path.Combine(AppContext.BaseDirectory, "ablate-worker")
        : Path.GetFullPath(WorkerPath);

    public int ThreadsFor(int concurrent) =>
        ThreadsPerRun > 0 ? ThreadsPerRun : Math.Max(1, Environment.ProcessorCount / Math.Max(1, concurrent));
}

internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions o)
    {
        var failures = new List<string>();
        if (o.MaxConcurrentRuns is < 1 or > 64)
        {
            failures.Add($"Scheduler:MaxConcurrentRuns must be between 1 and 64 (is {o.MaxConcurrentRuns})");
        }

        if (o.FlushMilliseconds is < 10 or > 60_000)
        {
            failures.Add($"Scheduler:FlushMilliseconds must be between 10 and 60000 (is {o.FlushMilliseconds})");
        }

        if (!File.Exists(o.ResolvedWorkerPath))
        {
            failures.Add($"Scheduler:WorkerPath: the training worker {o.ResolvedWorkerPath} does not exist (run scripts/setup.sh)");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
