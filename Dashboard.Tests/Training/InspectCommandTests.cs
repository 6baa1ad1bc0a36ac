using Ablation.Contracts.Worker;
using Ablation.Tests.Data;
using Ablation.Training.Data;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

/// <summary>`ablate inspect DATASET`: one JSON line with the set's summary and decoded samples, or the problem (exit 2).</summary>
[Collection(TorchCollection.Name)]
public sealed class InspectCommandTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private (int Code, DatasetInspection? Inspection, string Stderr) Inspect(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = WorkerCommand.Run(["inspect", .. args], stdout, stderr);
        return (code, DatasetInspectionJson.TryParse(stdout.ToString().Trim()), stderr.ToString());
    }

    private void WriteFruit()
    {
        foreach (var (cls, c) in new[] { ("apple", 0), ("pear", 1) })
        {
            for (var i = 0; i < 5; i++)
            {
                ImageTestFiles.WritePng(_root.Combine("fruit", cls, $"{i}.png"), 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 30 * c + i));
            }
        }
    }

    [Fact]
    public void ImageFolder_PrintsItsSummary_AndTheDecodedSamplesOfEveryClass()
    {
        WriteFruit();

        var (code, inspection, stderr) = Inspect("fruit", "--data-root", _root.Path, "--samples", "8");

        Assert.Equal(((int)ExitCode.Succeeded, ""), (code, stderr));
        var summary = inspection!.Summary!;
        Assert.Equal(("image-folder", 8, 2), (summary.Format, summary.TrainCount, summary.TestCount));
        Assert.Equal([3, 64, 64], summary.InputShape);
        Assert.Equal(["apple", "pear"], summary.ClassNames);

        // The same pixels the trainer would see: the folder's test images decoded at 64×64.
        var samples = inspection.Samples!.ToImageSet();
        var source = (ImageFolderSource)new DataCatalog(_root.Path).Resolve("fruit");
        var expected = ImageFolderReader.Decode(source.Test, 3, 64);
        Assert.Equal([0L, 1L], samples.Labels);
        Assert.Equal((3, 64, 64), (samples.Channels, samples.Height, samples.Width));
        Assert.Equal(expected.Pixels, samples.Pixels);
        Assert.Null(inspection.Problem);
    }

    [Fact]
    public void ImageOptions_ShapeTheSummaryAndSamples_AsInARunSpec()
    {
        WriteFruit();

        var (code, inspection, _) = Inspect("fruit", "--data-root", _root.Path, "--samples", "1", "--image-size", "16", "--channels", "1");

        Assert.Equal((int)ExitCode.Succeeded, code);
        Assert.Equal([1, 16, 16], inspection!.Summary!.InputShape);
        Assert.Equal((1, 16, 16, 1), (inspection.Samples!.Channels, inspection.Samples.Height, inspection.Samples.Width, inspection.Samples.Labels.Length));
    }

    [Fact]
    public void WithoutSamples_PrintsTheSummaryAlone()
    {
        ToyData.Write(_root.Path);

        var (code, inspection, _) = Inspect(ToyData.Id, "--data-root", _root.Path);

        Assert.Equal((int)ExitCode.Succeeded, code);
        Assert.Equal("idx", inspection!.Summary!.Format);
        Assert.Equal([1, 12, 12], inspection.Summary.InputShape);
        Assert.Null(inspection.Samples);
    }

    [Fact]
    public void UnreadableSet_Exits2_WithTheProblemInTheJsonAndOnStderr()
    {
        WriteFruit();
        File.WriteAllBytes(_root.Combine("fruit", "apple", "0.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);

        var (code, inspection, stderr) = Inspect("fruit", "--data-root", _root.Path, "--samples", "4");

        Assert.Equal((int)ExitCode.Invalid, code);
        Assert.Null(inspection!.Summary);
        Assert.StartsWith(_root.Combine("fruit", "apple", "0.png") + ":", inspection.Problem);
        Assert.Equal($"ablate: data: {inspection.Problem}", stderr.Trim());
    }

    [Fact]
    public void UnknownSet_Exits2_NamingIt()
    {
        var (code, inspection, _) = Inspect("no-such-set", "--data-root", _root.Path);

        Assert.Equal((int)ExitCode.Invalid, code);
        Assert.Contains("no-such-set", inspection!.Problem);
    }

    [Theory]
    [InlineData(new[] { "--data-root" }, "ablate: inspect needs a data set (an id or a folder inside the data root)")]
    [InlineData(new[] { "fruit", "--samples", "many" }, "ablate: --samples needs a whole number from 0 to 256")]
    [InlineData(new[] { "fruit", "--channels", "2" }, "ablate: --channels needs 1 or 3")]
    [InlineData(new[] { "fruit", "--bogus" }, "ablate: unknown option '--bogus'")]
    public void BadCommandLine_Exits2_WithOneLineAndTheUsage(string[] args, string message)
    {
        var (code, inspection, stderr) = Inspect(args);

        Assert.Equal((int)ExitCode.Invalid, code);
        Assert.Null(inspection);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(message, lines[0]);
        Assert.StartsWith("usage: ablate inspect DATASET", lines[1]);
    }
}
