using System.Diagnostics;
using System.Text.Json;
using Ablation.Tests.Data;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

/// <summary>
/// The worker's command line (System.CommandLine): help everywhere, one line and exit 2 for what it
/// cannot take, and where a run's threads and device come from (appsettings.json, then the
/// environment, then the command line; the spec's own value over all of them).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class WorkerCommandLineTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public WorkerCommandLineTests() => ToyData.Write(_root.Path);

    public void Dispose() => _root.Dispose();

    private string Spec(string json)
    {
        var path = _root.Combine($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Worker(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = WorkerCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string[] Args(string commandLine) =>
        [.. commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "SPEC" ? Spec(ToyData.SpecJson()) : a)];

    [Theory]
    [InlineData("")]
    [InlineData("run")]
    [InlineData("validate")]
    [InlineData("inspect")]
    [InlineData("watch")]
    public void Help_OnEveryCommand_PrintsItsUsageAndExits0(string command)
    {
        var (code, stdout, stderr) = Worker([.. Args(command), "--help"]);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains($"Usage:{Environment.NewLine}  {("ablate " + command).Trim()} ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_OfRun_NamesItsOptionsAndHowSettingsAreWritten()
    {
        var (_, stdout, _) = Worker("run", "--help");

        foreach (var option in new[] { "--out", "--threads", "--device", "--data-root", "--config", "--supervised", "--Section:Key=value" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("additional arguments", stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("run SPEC --frobnicate")]
    [InlineData("run --frobnicate SPEC")]
    [InlineData("validate SPEC --frobnicate")]
    [InlineData("inspect toy --frobnicate")]
    [InlineData("watch 1 --frobnicate")]
    [InlineData("--frobnicate")]
    public void UnknownOption_Exits2_WithOneLineNamingIt(string commandLine)
    {
        var (code, stdout, stderr) = Worker(Args(commandLine));

        Assert.Equal(2, code);
        Assert.Equal("", stdout); // refused before anything ran: not even an error event
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("unknown option '--frobnicate'", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run SPEC --threads", "'--threads'")]
    [InlineData("run SPEC --out", "'--out'")]
    [InlineData("run SPEC --device", "'--device'")]
    [InlineData("validate SPEC --data-root", "'--data-root'")]
    [InlineData("watch 1 --url", "'--url'")]
    [InlineData("watch --run", "'--run'")]
    [InlineData("run", "'run'")]
    public void MissingValue_Exits2_WithOneLineNamingWhatLacksIt(string commandLine, string named)
    {
        var (code, stdout, stderr) = Worker(Args(commandLine));

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run SPEC --threads many", "--threads needs a whole number")]
    [InlineData("run SPEC --device gpu", "--device: unknown value 'gpu'")]
    [InlineData("watch first", "STUDY must be a number")]
    [InlineData("watch 1 --url nowhere", "--url must be the dashboard's http:// or https:// address")]
    public void BadValue_Exits2_InTheProductsWords(string commandLine, string expected)
    {
        var (code, _, stderr) = Worker(Args(commandLine));

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_ComeFromTheFile_ThenTheEnvironment_ThenTheCommandLine()
    {
        var config = Config(threads: 2, device: "cpu");
        var spec = Spec(ToyData.SpecJson(epochs: 1).Replace("\"device\": \"cpu\"", "\"device\": \"auto\""));

        Assert.Equal((2, "cpu"), Start(Process(spec, config)));
        Assert.Equal((3, "cpu"), Start(Process(spec, Config(threads: 2, device: "cuda:9"), env: new() { ["Training__Threads"] = "3", ["Training__Device"] = "cpu" })));
        Assert.Equal((4, "cpu"), Start(Process(spec, config, env: new() { ["Training__Threads"] = "3", ["Training__Device"] = "cuda:9" }, "--threads", "4", "--device", "cpu")));
        // A setting written on the command line beats the environment; the typed option beats both.
        Assert.Equal((5, "cpu"), Start(Process(spec, config, env: new() { ["Training__Threads"] = "3" }, "--Training:Threads=5")));
        Assert.Equal((4, "cpu"), Start(Process(spec, config, env: new() { ["Training__Threads"] = "3" }, "--Training:Threads=5", "--threads", "4")));

        // The device that wins is the one the run asks libtorch for (no machine here has a tenth GPU).
        Assert.Contains("cuda:9 was asked for", Refused(Process(spec, config, env: new() { ["Training__Device"] = "cuda:9" })));
        Assert.Contains("cuda:8 was asked for", Refused(Process(spec, config, env: new() { ["Training__Device"] = "cpu" }, "--device", "cuda:8")));
    }

    [Fact]
    public void SpecsOwnThreadsAndDevice_WinOverEverySetting()
    {
        var spec = Spec(ToyData.SpecJson(epochs: 1).Replace("\"device\": \"cpu\"", "\"device\": \"cpu\", \"threads\": 1"));

        var run = Process(spec, Config(threads: 2, device: "cuda:9"), env: new() { ["Training__Threads"] = "3" }, "--threads", "4", "--device", "cuda:8");

        Assert.Equal((1, "cpu"), Start(run));
    }

    [Fact]
    public void BadSetting_Exits2_NamingTheKey()
    {
        var spec = Spec(ToyData.SpecJson(epochs: 1));

        var (code, stdout, stderr) = Process(spec, Config(threads: 2, device: "cpu"), env: new() { ["Training__Threads"] = "two" });
        var (code2, _, stderr2) = Process(spec, Config(threads: -1, device: "cpu"), env: []);

        Assert.Equal((2, 2), (code, code2));
        Assert.Equal("", stdout);
        Assert.Equal("ablate: Training:Threads must be a whole number (is 'two')", stderr.Trim());
        Assert.Contains("Training:Threads must be 0 (share the cores)", stderr2, StringComparison.Ordinal);
    }

    private string Config(int threads, string device)
    {
        var path = _root.Combine($"appsettings-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Training = new { DataRoot = _root.Path, RunsRoot = _root.Combine("runs"), Threads = threads, Device = device },
        }));
        return path;
    }

    /// <summary>The worker executable, so that its environment is its own (a variable set here would reach every test).</summary>
    private (int Code, string Stdout, string Stderr) Process(string spec, string config, Dictionary<string, string>? env = null, params string[] extra)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "ablate-worker"),
            ["run", spec, "--config", config, "--out", _root.Combine("out", Guid.NewGuid().ToString("N")), .. extra])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("Training__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in env ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    private static (int Threads, string Device) Start((int Code, string Stdout, string Stderr) run)
    {
        Assert.True(run.Code == 0, run.Stderr);
        var start = JsonDocument.Parse(run.Stdout.Split('\n')[0]).RootElement;
        Assert.Equal("start", start.GetProperty("event").GetString());
        return (start.GetProperty("threads").GetInt32(), start.GetProperty("device").GetString()!);
    }

    private static string Refused((int Code, string Stdout, string Stderr) run)
    {
        Assert.Equal(2, run.Code);
        return run.Stderr;
    }
}
