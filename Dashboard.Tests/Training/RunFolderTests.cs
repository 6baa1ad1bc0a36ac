using System.Diagnostics;
using System.Text.Json;
using Ablation.Contracts.Worker;
using Ablation.Tests.Data;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

/// <summary>The worker's side of a run folder: its events file, its lock, and its stop when the dashboard is gone.</summary>
[Collection(TorchCollection.Name)]
public sealed class RunFolderTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public RunFolderTests() => ToyData.Write(_root.Path);

    public void Dispose() => _root.Dispose();

    private (int Code, string[] Stdout, string Stderr) Run(string folder, string? spec = null)
    {
        var specPath = _root.Combine($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(specPath, spec ?? ToyData.SpecJson());
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = WorkerCommand.Run(["run", specPath, "--data-root", _root.Path, "--out", folder], stdout, stderr);
        return (code, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    private static List<JsonElement> Events(string folder) =>
        [.. File.ReadAllLines(RunFolder.EventsPath(folder)).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public void Run_AppendsEveryEventToTheFoldersEventsFile_TheSameLinesAsOnStdout()
    {
        var folder = _root.Combine("run");

        var (code, stdout, _) = Run(folder);

        Assert.Equal((int)ExitCode.Succeeded, code);
        Assert.Equal(stdout, File.ReadAllLines(RunFolder.EventsPath(folder)));
        Assert.Equal("final", JsonDocument.Parse(stdout[^1]).RootElement.GetProperty("event").GetString());
        Assert.False(RunFolderLock.IsHeld(folder));
    }

    [Fact]
    public void RunAgain_AppendsItsEvents_AfterTheFirstAttempts()
    {
        var folder = _root.Combine("run");
        var (_, first, _) = Run(folder);

        var (code, second, _) = Run(folder); // the checkpoint covers every epoch: nothing more is trained

        Assert.Equal((int)ExitCode.Succeeded, code);
        Assert.Equal([.. first, .. second], File.ReadAllLines(RunFolder.EventsPath(folder)));
        Assert.Equal(2, JsonDocument.Parse(second[0]).RootElement.GetProperty("resumed_from_epoch").GetInt32());
    }

    [Fact]
    public void HeldFolder_IsRefused_WithExitCode4_AndNothingWrittenIntoIt()
    {
        var folder = _root.Combine("run");
        using var holder = RunFolderLock.TryAcquire(folder);
        Assert.NotNull(holder);

        var (code, stdout, stderr) = Run(folder);

        Assert.Equal((int)ExitCode.FolderInUse, code);
        Assert.Equal($"ablate: the run folder {folder} is in use by another worker (process {Environment.ProcessId}); wait for it to end or stop it", stderr.Trim());
        Assert.Empty(stdout);
        Assert.False(File.Exists(RunFolder.EventsPath(folder)));
        Assert.False(File.Exists(Path.Combine(folder, "state.json")));
        Assert.True(RunFolderLock.IsHeld(folder));
        Assert.Equal(Environment.ProcessId, RunFolderLock.HolderPid(folder));
    }

    [Fact]
    public void HalfWrittenLastLine_IsClosedBeforeTheNextWorkerAppends()
    {
        var folder = _root.Combine("run");
        Directory.CreateDirectory(folder);
        File.WriteAllText(RunFolder.EventsPath(folder), "{\"event\":\"batch\",\"time\":0.3,\"ep");

        var (code, stdout, _) = Run(folder);

        Assert.Equal((int)ExitCode.Succeeded, code);
        Assert.Equal(["{\"event\":\"batch\",\"time\":0.3,\"ep", .. stdout], File.ReadAllLines(RunFolder.EventsPath(folder)));
    }

    [Fact]
    public void EpochEvents_CarryTheStepTheirEpochEndedAt()
    {
        var folder = _root.Combine("run");

        Assert.Equal((int)ExitCode.Succeeded, Run(folder, ToyData.SpecJson(epochs: 3)).Code);

        var events = Events(folder);
        var steps = events.Single(e => e.GetProperty("event").GetString() == "start").GetProperty("steps_per_epoch").GetInt64();
        var epochs = events.Where(e => e.GetProperty("event").GetString() == "epoch").ToList();
        Assert.Equal([steps, 2 * steps, 3 * steps], epochs.Select(e => e.GetProperty("step").GetInt64()));
        // Batch events every log_every (5) steps: none falls on an epoch's end here, which is what
        // misplaced epoch points when they took the last batch event's step.
        Assert.NotEqual(0, steps % 5);
    }

    [Fact]
    public async Task SupervisedWorker_StopsWhenTheDashboardsEndsOfItsPipesClose_AndItsFolderKeepsTheRecord()
    {
        var folder = _root.Combine("run");
        var specPath = _root.Combine("spec.json");
        File.WriteAllText(specPath, ToyData.SpecJson(epochs: 10_000));
        using var worker = Process.Start(new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "ablate-worker"),
            ["run", specPath, "--data-root", _root.Path, "--out", folder, "--threads", "1", "--supervised"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = worker.StandardError.ReadToEndAsync();
        while (await worker.StandardOutput.ReadLineAsync() is { } line && !line.StartsWith("{\"event\":\"checkpoint\"", StringComparison.Ordinal))
        {
        }

        // What a killed dashboard does to its worker: both of its ends of the pipes close.
        worker.StandardOutput.Close();
        worker.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await worker.WaitForExitAsync(deadline.Token);

        Assert.Equal((int)ExitCode.Failed, worker.ExitCode);
        Assert.Contains("the dashboard that started this run is gone", await stderr);
        var events = Events(folder);
        Assert.Equal("canceled", events[^1].GetProperty("event").GetString());
        var checkpointed = events.Last(e => e.GetProperty("event").GetString() == "checkpoint").GetProperty("epoch").GetInt32();
        Assert.Equal(checkpointed, JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "state.json"))).RootElement.GetProperty("epoch").GetInt32());
        // Every epoch it finished is in the file, the ones after its stdout broke included.
        Assert.Equal(Enumerable.Range(1, checkpointed), events.Where(e => e.GetProperty("event").GetString() == "epoch")
            .Select(e => e.GetProperty("metrics").GetProperty("epoch").GetInt32()));
        Assert.False(RunFolderLock.IsHeld(folder));
    }
}
