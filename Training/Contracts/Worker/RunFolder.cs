namespace Ablation.Contracts.Worker;

/// <summary>
/// The files of a run folder that the worker and the dashboard both rely on (docs/worker.md). The
/// lock itself (an flock on <see cref="LockFile"/>) is taken and tested by Ablation.Training's
/// RunFolderLock, which calls libc and so stays out of this managed-only assembly.
/// </summary>
public static class RunFolder
{
    /// <summary>Every event of every attempt at the run, one JSON line each, appended in order; the dashboard stores from it.</summary>
    public const string EventsFile = "events.jsonl";

    /// <summary>Held (flock, exclusive) by the worker training in the folder; its process id is written inside.</summary>
    public const string LockFile = "worker.lock";

    /// <summary>The run spec the dashboard hands its worker.</summary>
    public const string SpecFile = "spec.json";

    /// <summary>The evaluation on the test split with the final weights (<see cref="Evaluation.RunEvaluation"/>).</summary>
    public const string EvaluationFile = "evaluation.json";

    public static string EventsPath(string directory) => Path.Combine(directory, EventsFile);

    public static string EvaluationPath(string directory) => Path.Combine(directory, EvaluationFile);
}
