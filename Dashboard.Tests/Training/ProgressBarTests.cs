using System.Diagnostics;
using Ablation.Contracts.Worker;
using Ablation.Tests.Data;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

/// <summary>
/// `ablate run` on a terminal (a pseudo-terminal from util-linux's `script`): the progress bar is
/// drawn on stderr, and every JSON line still reaches stdout whole, on a line of its own.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ProgressBarTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public ProgressBarTests() => ToyData.Write(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void OnATerminal_TheBarIsDrawn_AndEveryJsonLineArrivesWhole()
    {
        var folder = _root.Combine("run");

        var (code, terminal) = OnTerminal($"{Worker()} run {Quote(Spec())} --data-root {Quote(_root.Path)} --out {Quote(folder)}");

        Assert.True(code == 0, terminal);
        Assert.Contains("epoch 2/2: train loss", terminal, StringComparison.Ordinal); // a summary above the bar
        Assert.Contains("\u001b[", terminal, StringComparison.Ordinal); // drawn, not printed
        var events = File.ReadAllLines(RunFolder.EventsPath(folder));
        Assert.Contains(events, e => e.Contains("\"event\":\"batch\"", StringComparison.Ordinal));
        Assert.All(events, line => Assert.Contains("\u001b[2K" + line + "\r\n", terminal, StringComparison.Ordinal));
    }

    [Fact]
    public void WithStdoutInAFile_StdoutHoldsTheJsonLinesAlone_WhileTheBarIsDrawnOnStderr()
    {
        var folder = _root.Combine("run");
        var stdout = _root.Combine("stdout.jsonl");

        var (code, terminal) = OnTerminal($"{Worker()} run {Quote(Spec())} --data-root {Quote(_root.Path)} --out {Quote(folder)} > {Quote(stdout)}");

        Assert.True(code == 0, terminal);
        Assert.Contains("epoch 2/2", terminal, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(RunFolder.EventsPath(folder)), File.ReadAllText(stdout));
    }

    [Fact]
    public void WithoutATerminal_NothingIsDrawn()
    {
        var stderr = new StringWriter();

        var code = WorkerCommand.Run(["run", Spec(), "--data-root", _root.Path, "--out", _root.Combine("run")], new StringWriter(), stderr);

        Assert.Equal(0, code);
        Assert.Equal("", stderr.ToString());
    }

    private string Spec()
    {
        var path = _root.Combine("spec.json");
        File.WriteAllText(path, ToyData.SpecJson(epochs: 2));
        return path;
    }

    private static string Worker() => Quote(Path.Combine(AppContext.BaseDirectory, "ablate-worker"));

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Runs a shell command on a pseudo-terminal; its exit code and everything the terminal received.</summary>
    private (int Code, string Terminal) OnTerminal(string command)
    {
        var transcript = _root.Combine($"terminal-{Guid.NewGuid():N}.txt");
        var start = new ProcessStartInfo("script", ["--quiet", "--return", "--log-out", transcript, "--command", command])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = output.GetAwaiter().GetResult();
        Assert.True(File.Exists(transcript), $"script wrote no transcript: {errors}");
        return (process.ExitCode, File.ReadAllText(transcript));
    }
}
