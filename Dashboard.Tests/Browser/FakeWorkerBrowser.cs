namespace Ablation.Tests.Browser;

/// <summary>
/// A dashboard whose scheduler starts a shell script instead of the training worker, written into a
/// temporary folder of the fixture's own (deleted with it): browser tests that need runs with known
/// outcomes, at known moments, without training.
/// </summary>
public abstract class FakeWorkerBrowser : DashboardBrowser
{
    protected FakeWorkerBrowser(string folderPrefix) => Folder = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    /// <summary>The fixture's folder: the script and whatever files it shares with the test.</summary>
    protected string Folder { get; }

    /// <summary>The script the scheduler starts for every run.</summary>
    public string WorkerPath { get; protected init; } = "";

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string> { ["Scheduler:WorkerPath"] = WorkerPath };

    /// <summary>Writes <paramref name="script"/> as the executable <c>worker.sh</c> in <see cref="Folder"/>; returns its path.</summary>
    protected string WriteScript(string script)
    {
        var path = Path.Combine(Folder, "worker.sh");
        File.WriteAllText(path, script.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
