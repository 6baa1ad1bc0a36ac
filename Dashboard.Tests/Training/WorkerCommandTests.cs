using System.Diagnostics;
using System.Text.Json;
using Ablation.Contracts.Events;
using Ablation.Contracts.Worker;
using Ablation.Tests.Data;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class WorkerCommandTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public WorkerCommandTests() => ToyData.Write(_root.Path);

    public void Dispose() => _root.Dispose();

    private (int Code, string[] Stdout, string Stderr) Worker(string command, string specJson, params string[] extra)
    {
        var specPath = _root.Combine($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(specPath, specJson);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = [command, specPath, "--data-root", _root.Path, .. command == "run" ? ["--out", _root.Combine("out", Guid.NewGuid().ToString("N"))] : Array.Empty<string>(), .. extra];
        var code = WorkerCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    [Fact]
    public void Run_WritesOneJsonEventPerLine_EndingInFinalMetrics()
    {
        var (code, lines, _) = Worker("run", ToyData.SpecJson());

        Assert.Equal((int)ExitCode.Succeeded, code);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(events, e => Assert.Equal("event", e.EnumerateObject().First().Name));
        Assert.All(events, e => Assert.Equal(EventSchema.Current.ToString(), e.GetProperty("schema").GetString()));
        // Every line reads back through the contract, and the start event has every field the worker knows.
        var read = lines.Select(l => RunEventJson.Read(l).Event ?? throw new InvalidOperationException(RunEventJson.Read(l).Message)).ToList();
        var start = Assert.IsType<StartEvent>(read[0]);
        Assert.All(typeof(StartEvent).GetProperties().Where(p => p.Name != nameof(RunEvent.Name)), p => Assert.NotNull(p.GetValue(start)));
        var final = events[^1];
        Assert.Equal("final", final.GetProperty("event").GetString());
        var metrics = final.GetProperty("metrics");
        foreach (var name in new[] { "test_accuracy", "test_loss", "best_val_accuracy", "test_accuracy_at_best_val", "parameters" })
        {
            Assert.True(metrics.GetProperty(name).GetDouble() > 0, name);
        }
    }

    [Theory]
    [InlineData("\"dropout\": 0.1", "\"dropout\": 1.5", "model.dropout: 1.5 is out of range")]
    [InlineData("\"family\": \"cnn\"", "\"family\": \"cnm\"", "model.family: unknown value 'cnm'")]
    [InlineData("\"conv_channels\": [4, 8]", "\"conv_channels\": [4, 8, 8, 8, 8]", "would shrink the 1×1 map below 1×1")]
    [InlineData("\"dataset\": \"toy\"", "\"dataset\": \"mnist\"", "no IDX files")]
    [InlineData("\"dataset\": \"toy\"", "\"dataset\": \"../etc\"", "outside the data root")]
    public void BadSpec_ExitsWithCode2AndOneClearLine(string from, string to, string expected)
    {
        var spec = ToyData.SpecJson();
        Assert.Contains(from, spec);

        foreach (var command in new[] { "validate", "run" })
        {
            var (code, stdout, stderr) = Worker(command, spec.Replace(from, to));

            Assert.Equal((int)ExitCode.Invalid, code);
            Assert.Contains(expected, stderr);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            if (command == "run")
            {
                Assert.Equal("error", JsonDocument.Parse(stdout.Single()).RootElement.GetProperty("event").GetString());
            }
        }
    }

    [Fact]
    public void CorruptDataFile_ExitsWithCode2NamingTheFile()
    {
        File.WriteAllBytes(_root.Combine("toy", "train-images-idx3-ubyte"), [0, 0, 8, 3, 0, 0]);

        var (code, _, stderr) = Worker("run", ToyData.SpecJson());

        Assert.Equal((int)ExitCode.Invalid, code);
        Assert.Contains("train-images-idx3-ubyte", stderr);
    }

    [Fact]
    public void Divergence_ExitsWithCode3()
    {
        var (code, lines, stderr) = Worker("run", ToyData.SpecJson(model: """{ "family": "mlp", "hidden_sizes": [16] }""", optimizer: """{ "name": "sgd", "lr": 1e12 }"""));

        Assert.Equal((int)ExitCode.Diverged, code);
        Assert.Contains("diverged", stderr);
        Assert.Equal("diverged", JsonDocument.Parse(lines[^1]).RootElement.GetProperty("event").GetString());
    }

    [Fact]
    public void Validate_PrintsTheLayerTableWithInferredSizes()
    {
        var (code, lines, _) = Worker("validate", ToyData.SpecJson());

        Assert.Equal((int)ExitCode.Succeeded, code);
        var text = string.Join("\n", lines);
        Assert.Contains("Linear(72→4)", text); // 8 channels × 3×3 after two 2×2 pools of 12×12
        Assert.Contains("total parameters", text);
    }

    [Fact]
    public void MissingSpecFile_ExitsWithCode2()
    {
        var stderr = new StringWriter();

        var code = WorkerCommand.Run(["run", _root.Combine("nope.json")], new StringWriter(), stderr);

        Assert.Equal((int)ExitCode.Invalid, code);
        Assert.Contains("nope.json", stderr.ToString());
    }

    [Fact]
    public void Executable_RunsAsAProcess_WithTheDocumentedExitCode()
    {
        var executable = Path.Combine(AppContext.BaseDirectory, "ablate-worker");
        Assert.True(File.Exists(executable), $"{executable} missing");
        var specPath = _root.Combine("bad.json");
        File.WriteAllText(specPath, ToyData.SpecJson().Replace("\"dropout\": 0.1", "\"dropout\": 1.5"));

        using var process = Process.Start(new ProcessStartInfo(executable, ["validate", specPath, "--data-root", _root.Path])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("ablate: invalid spec: model.dropout: 1.5 is out of range [0, 1)", stderr.Trim());
    }
}
