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
    [InlineData(new string[0], "ablate inspect: Required argument missing for command: 'inspect'")]
    [InlineData(new[] { "--data-root", "x" }, "ablate inspect: Required argument missing for command: 'inspect'")]
    [InlineData(new[] { "fruit", "--samples", "many" }, "ablate inspect: --samples needs a whole number from 0 to 256 (got 'many')")]
    [InlineData(new[] { "fruit", "--channels", "2" }, "ablate inspect: --channels needs 1 or 3 (got '2')")]
    [InlineData(new[] { "fruit", "--label-set", "medium" }, "ablate inspect: --label-set needs fine or coarse (got 'medium')")]
    [InlineData(new[] { "fruit", "--bogus" }, "ablate inspect: unknown option '--bogus'")]
    [InlineData(new[] { "fruit", "--samples" }, "ablate inspect: Required argument missing for option: '--samples'")]
    public void BadCommandLine_Exits2_WithOneLineNamingIt(string[] args, string message)
    {
        var (code, inspection, stderr) = Inspect(args);

        Assert.Equal((int)ExitCode.Invalid, code);
        Assert.Null(inspection);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith(message, line, StringComparison.Ordinal);
    }
}
