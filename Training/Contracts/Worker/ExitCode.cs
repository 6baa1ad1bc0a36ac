namespace Ablation.Contracts.Worker;

/// <summary>How a worker process ends (docs/worker.md, "Exit codes"); the supervisor turns each into a run status.</summary>
public enum ExitCode
{
    /// <summary>Trained every epoch, or early stopping ended the run; the last line is the <c>final</c> event.</summary>
    Succeeded = 0,

    /// <summary>Anything else: libtorch not loadable, an I/O error, a canceled run.</summary>
    Failed = 1,

    /// <summary>Invalid spec, data or command line: one line on stderr names the field, layer, file or option.</summary>
    Invalid = 2,

    /// <summary>The loss became NaN or infinite; the last line is the <c>diverged</c> event.</summary>
    Diverged = 3,

    /// <summary>Another worker holds the run folder's lock; nothing was written into it.</summary>
    FolderInUse = 4,
}
