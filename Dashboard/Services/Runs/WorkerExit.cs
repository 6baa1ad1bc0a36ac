using Ablation.Dashboard.Data;
using Ablation.Contracts.Worker;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>What a worker's <see cref="ExitCode"/> (docs/worker.md) means for its run, in words a user reads.</summary>
internal static class WorkerExit
{
    /// <summary>The run's status and error, from the exit code, what the events said and the last lines of stderr.</summary>
    public static (RunStatus Status, string? Error) Outcome(int code, RunChanges events, string stderrTail)
    {
        var tail = stderrTail.Length > 0 ? stderrTail : null;
        return code switch
        {
            (int)ExitCode.Succeeded when events.Final => (RunStatus.Succeeded, null),
            (int)ExitCode.Succeeded => (RunStatus.Failed, "the worker exited without reporting its final metrics"
                + (events.Error is { } why ? $" ({why})" : "") + (tail is null ? "" : $":\n{tail}")),
            (int)ExitCode.Diverged => (RunStatus.Diverged, events.Error ?? "diverged"),
            (int)ExitCode.Invalid => (RunStatus.Failed, events.Error ?? tail ?? "the worker refused the run spec or its data"),
            (int)ExitCode.FolderInUse => (RunStatus.Failed, tail ?? "another worker holds this run's folder"),
            > 128 and < 160 => (RunStatus.Failed, Killed(code - 128) + (tail is null ? "" : $"; its last words:\n{tail}")),
            _ => (RunStatus.Failed, events.Error ?? tail ?? $"the worker exited with code {code}"),
        };
    }

    /// <summary>A process that ends on a signal reports 128 + the signal's number.</summary>
    private static string Killed(int signal) => signal switch
    {
        9 => "the worker was killed (SIGKILL): by someone's kill -9, or by the kernel's out-of-memory killer when the machine ran short of memory",
        6 => "the worker aborted (SIGABRT), most likely a failed check inside libtorch",
        11 => "the worker crashed (SIGSEGV, a segmentation fault in native code)",
        15 => "the worker was stopped by SIGTERM from outside the dashboard",
        2 => "the worker was interrupted (SIGINT)",
        _ => $"the worker was ended by signal {signal}",
    };
}
