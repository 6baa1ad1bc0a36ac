using Ablation.Contracts.Worker;
using Ablation.Tests.Data;

namespace Ablation.Tests.Dashboard;

/// <summary>Shell scripts that stand in for the worker: what they echo is their events.</summary>
internal static class FakeWorkers
{
    /// <summary>
    /// A fake worker's events go where the real one writes them: its run folder's events file, the
    /// argument after --out (the supervisor passes: run SPEC --out DIR --data-root … --threads … --device … --supervised).
    /// </summary>
    public const string EventsToRunFolder = "exec >> \"$4/events.jsonl\"";

    /// <summary>Writes an executable script of <paramref name="body"/> into <paramref name="root"/>; its events go to the run folder.</summary>
    public static string Write(TempDataRoot root, string body)
    {
        var path = root.Combine($"fake-worker-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + EventsToRunFolder + "\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
