namespace Ablation.Dashboard.Services.Runs;

/// <summary>Where runs keep their files (spec, events, checkpoints).</summary>
public sealed class RunStorage(string contentRoot, string dataRoot, string runsRoot)
{
    public string ContentRoot { get; } = contentRoot;
    public string DataRoot { get; } = dataRoot;
    public string RunsRoot { get; } = runsRoot;

    public string RunDirectory(int studyId, int runId) => Path.Combine(RunsRoot, $"study-{studyId}", $"run-{runId}");
}
