using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Contracts.Worker;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Browser;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Ablation.Training.Worker;

namespace Ablation.Tests.Dashboard.Runs;

/// <summary>
/// The dashboard starts its workers with the device and threads of the worker's own section
/// (<c>Training:Device</c>, <c>Training:Threads</c>), and refuses the keys they moved from.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class WorkerSettingsTests : IDisposable
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("Scheduler:ThreadsPerRun", "2", "Scheduler:ThreadsPerRun is now Training:Threads")]
    [InlineData("Scheduler:Device", "cpu", "Scheduler:Device is now Training:Device")]
    [InlineData("Training:Device", "gpu", "Training:Device: unknown value 'gpu'")]
    [InlineData("Training:Threads", "-2", "Training:Threads must be 0 (share the cores)")]
    public async Task Startup_WithAMovedKeyOrABadValue_IsRefusedInOneLineNamingTheKey(string key, string value, string expected)
    {
        var start = new ProcessStartInfo(DashboardProcess.Executable(),
            ["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Ablation=Data Source={_root.Combine("ablation.db")}",
             $"--Training:DataRoot={_root.Combine("data")}", $"--Training:RunsRoot={_root.Combine("runs")}", $"--{key}={value}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root.Path,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the dashboard started with {key}={value}: {await stdout}");
        }

        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ablate: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workers_GetTheTrainingSectionsThreadsAndDevice()
    {
        using var host = new DashboardHost(_root, settings: new Dictionary<string, string> { ["Training:Threads"] = "3", ["Training:Device"] = "cpu" });
        var study = await host.Get<StudyService>().CreateAsync(new StudySpec
        {
            Name = "threads",
            Base = JsonNode.Parse("""
                { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "batch_size": 32, "epochs": 1 }
                """)!.AsObject(),
        });

        var run = (await host.WaitForRunsAsync(study, rs => rs.All(r => r.Status == RunStatus.Succeeded))).Single();

        var start = File.ReadLines(RunFolder.EventsPath(run.RunDirectory!)).Select(l => JsonDocument.Parse(l).RootElement)
            .First(e => e.GetProperty("event").GetString() == "start");
        Assert.Equal(3, start.GetProperty("threads").GetInt32());
        Assert.Equal("cpu", start.GetProperty("device").GetString());
    }
}
