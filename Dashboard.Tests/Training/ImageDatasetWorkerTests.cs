using System.Text.Json;
using Ablation.Contracts.Worker;
using Ablation.Tests.Data;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

/// <summary>The worker validates and trains on a tiny CIFAR-10 binary set and a tiny PNG folder, end to end.</summary>
[Collection(TorchCollection.Name)]
public sealed class ImageDatasetWorkerTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private (int Code, JsonElement[] Events, string Stdout, string Stderr) Worker(string command, string specJson)
    {
        var specPath = _root.Combine($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(specPath, specJson);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = [command, specPath, "--data-root", _root.Combine("data"), .. command == "run" ? ["--out", _root.Combine("out", Guid.NewGuid().ToString("N"))] : Array.Empty<string>()];
        var code = WorkerCommand.Run(args, stdout, stderr);
        var text = stdout.ToString();
        var events = command == "run"
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray()
            : [];
        return (code, events, text, stderr.ToString());
    }

    private static string Spec(string dataset, string dataExtra = "") => $$"""
        {
          "data": { "dataset": "{{dataset}}", "validation_fraction": 0.25{{dataExtra}} },
          "model": { "family": "cnn", "conv_channels": [4], "hidden_sizes": [8] },
          "optimizer": { "name": "adam", "lr": 0.01 },
          "batch_size": 4, "epochs": 2, "seed": 1, "device": "cpu", "log_every": 2
        }
        """;

    [Fact]
    public void Cifar10Binary_ValidatesAndTrains()
    {
        ImageTestFiles.WriteCifar10(_root.Combine("data", "cifar-10-batches-bin"), perBatch: 4, testCount: 6);

        var validate = Worker("validate", Spec("cifar-10"));
        var run = Worker("run", Spec("cifar-10"));

        Assert.True(validate.Code == (int)ExitCode.Succeeded, validate.Stderr);
        Assert.True(run.Code == (int)ExitCode.Succeeded, run.Stderr);
        var start = run.Events.First(e => e.GetProperty("event").GetString() == "start");
        Assert.Equal([3, 32, 32], start.GetProperty("input_shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(10, start.GetProperty("classes").GetInt32());
        Assert.Equal((15, 5, 6), (start.GetProperty("train_size").GetInt32(), start.GetProperty("validation_size").GetInt32(), start.GetProperty("test_size").GetInt32()));
        Assert.Equal("final", run.Events[^1].GetProperty("event").GetString());
    }

    [Fact]
    public void PngFolder_ResizedByTheSpec_ValidatesAndTrains()
    {
        foreach (var (split, count) in new[] { ("train", 6), ("test", 2) })
        {
            foreach (var (cls, c) in new[] { ("circle", 0), ("square", 1), ("cross", 2) })
            {
                for (var i = 0; i < count; i++)
                {
                    ImageTestFiles.WritePng(_root.Combine("data", "shapes", split, cls, $"{i}.png"), 3, 12, 12, ImageTestFiles.Pattern(3, 12, 12, 40 * c + i));
                }
            }
        }

        var spec = Spec("shapes", """, "image_size": 16""");
        var validate = Worker("validate", spec);
        var run = Worker("run", spec);

        Assert.True(validate.Code == (int)ExitCode.Succeeded, validate.Stderr);
        Assert.True(run.Code == (int)ExitCode.Succeeded, run.Stderr);
        var start = run.Events.First(e => e.GetProperty("event").GetString() == "start");
        Assert.Equal([3, 16, 16], start.GetProperty("input_shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(3, start.GetProperty("classes").GetInt32());
        Assert.Equal(6, start.GetProperty("test_size").GetInt32());
        Assert.Equal("final", run.Events[^1].GetProperty("event").GetString());
        Assert.Single(Directory.GetFiles(_root.Combine("data", ".cache", "images")));
    }

    [Theory]
    [InlineData(""", "image_size": 2""", "data.image_size: 2 is out of range [4, 512]")]
    [InlineData(""", "channels": 2""", "data.channels: 2 must be 1 (grayscale) or 3 (RGB)")]
    [InlineData(""", "label_set": "medium" """, "data.label_set: unknown value 'medium'")]
    public void BadImageOptions_AreRefusedNamingTheField(string extra, string expected)
    {
        ImageTestFiles.WriteCifar10(_root.Combine("data", "cifar-10-batches-bin"));

        var (code, _, _, stderr) = Worker("validate", Spec("cifar-10", extra));

        Assert.Equal((int)ExitCode.Invalid, code);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public void TruncatedCifarBatch_ExitsWith2NamingTheFile()
    {
        var folder = _root.Combine("data", "cifar-10-batches-bin");
        ImageTestFiles.WriteCifar10(folder);
        var batch = Path.Combine(folder, "test_batch.bin");
        File.WriteAllBytes(batch, File.ReadAllBytes(batch)[..5000]);

        var (code, _, _, stderr) = Worker("run", Spec("cifar-10"));

        Assert.Equal((int)ExitCode.Invalid, code);
        Assert.Contains($"{batch}: truncated or corrupt", stderr);
    }
}
