using Ablation.Training.Data;

namespace Ablation.Tests.Data;

/// <summary>
/// Reads the real Fashion-MNIST that Debian's dataset-fashion-mnist package installs (on every
/// development machine and in CI). Deliberately never skipped: without it the demo study cannot run.
/// </summary>
public sealed class FashionMnistTests : IDisposable
{
    private readonly TempDataRoot _emptyRoot = new();

    public void Dispose() => _emptyRoot.Dispose();

    [Fact]
    public void Resolve_FashionMnist_ReadsDebiansSixtyThousandTrainAndTenThousandTestImages()
    {
        var resolved = Assert.IsType<ResolvedIdx>(new DataCatalog(_emptyRoot.Path).Resolve("fashion-mnist"));

        Assert.Equal(Path.Combine(DataCatalog.DebianFashionMnistDirectory, "train-images-idx3-ubyte.gz"), resolved.TrainImages);

        var train = IdxReader.Read(resolved.TrainImages, resolved.TrainLabels);
        var test = IdxReader.Read(resolved.TestImages, resolved.TestLabels);

        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        Assert.Equal((1, 28, 28), (test.Channels, test.Height, test.Width));
        Assert.All(train.Labels.CountBy(l => l), pair => Assert.Equal(6_000, pair.Value));
        Assert.All(test.Labels.CountBy(l => l), pair => Assert.Equal(1_000, pair.Value));
        Assert.Equal(10, train.Labels.Distinct().Count());
    }

    [Fact]
    public void Load_FashionMnist_HasTheWellKnownTrainingStatistics()
    {
        var loader = new DatasetLoader(new DataCatalog(_emptyRoot.Path));

        var data = loader.Load(new DataRequest("fashion-mnist") { ValidationFraction = 0, TestSubset = 1000 });

        // The mean and std that torchvision users quote for the Fashion-MNIST training set.
        Assert.Equal(0.2860, data.Mean[0], 0.0005);
        Assert.Equal(0.3530, data.Std[0], 0.0005);
        Assert.Equal(10, data.NumClasses);
        Assert.Equal("Ankle boot", data.ClassNames[9]);
        Assert.Equal(1_000, data.Test.Count);
    }
}
