using Ablation.Training.Data;

namespace Ablation.Tests.Data;

public sealed class DatasetLoaderTests : IDisposable
{
    private const int Height = 4;
    private const int Width = 3;

    private readonly TempDataRoot _temp = new();
    private readonly DatasetLoader _loader;

    public DatasetLoaderTests()
    {
        var root = _temp.Combine("root");
        IdxTestFiles.WriteDataset(Path.Combine(root, "toy"), trainCount: 50, testCount: 20, Height, Width, classes: 7);
        IdxTestFiles.WriteDataset(Path.Combine(root, "mnist"), trainCount: 30, testCount: 10, Height, Width, classes: 10, gzip: false);
        _loader = new DatasetLoader(new DataCatalog(root, _temp.Combine("no-debian-copy")));
    }

    public void Dispose() => _temp.Dispose();

    // Synthetic images carry their index in their first pixel.
    private static int[] Rows(ImageSet set) => Enumerable.Range(0, set.Count).Select(i => (int)set.Sample(i)[0]).ToArray();

    [Fact]
    public void Load_SmallDataset_SplitsTrainingPoolAndKeepsWholeTestSet()
    {
        var data = _loader.Load(new DataRequest("toy") { ValidationFraction = 0.2, Seed = 1 });

        Assert.Equal(40, data.Train.Count);
        Assert.Equal(10, data.Validation.Count);
        Assert.Equal(20, data.Test.Count);
        Assert.Equal(Enumerable.Range(0, 20), Rows(data.Test));
        Assert.Equal((1, Height, Width), (data.Train.Channels, data.Train.Height, data.Train.Width));
        Assert.Equal(7, data.NumClasses);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6"], data.ClassNames);
        Assert.Equal("toy", data.DatasetName);
        Assert.EndsWith(Path.Combine("toy", "train-images-idx3-ubyte.gz"), Assert.IsType<ResolvedIdx>(data.Source).TrainImages);
        Assert.Equal(4, ((ResolvedIdx)data.Source).Files.Count);
    }

    [Fact]
    public void Load_TrainAndValidation_AreDisjointAndCoverThePool()
    {
        var data = _loader.Load(new DataRequest("toy") { ValidationFraction = 0.3, Seed = 5 });

        var train = Rows(data.Train);
        var validation = Rows(data.Validation);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(Enumerable.Range(0, 50), train.Concat(validation).Order());
        Assert.All(Enumerable.Range(0, data.Train.Count), i => Assert.Equal(train[i] % 7, data.Train.Labels[i]));
    }

    [Fact]
    public void Load_SameSeed_GivesSameSplit_DifferentSeedDoesNot()
    {
        var first = _loader.Load(new DataRequest("toy") { Seed = 3 });
        var again = _loader.Load(new DataRequest("toy") { Seed = 3 });
        var other = _loader.Load(new DataRequest("toy") { Seed = 4 });

        Assert.Equal(Rows(first.Validation), Rows(again.Validation));
        Assert.Equal(first.Train.Pixels, again.Train.Pixels);
        Assert.NotEqual(Rows(first.Validation), Rows(other.Validation));
    }

    [Fact]
    public void Load_Subset_LimitsThePoolBeforeTheValidationSplit()
    {
        var data = _loader.Load(new DataRequest("toy") { Subset = 20, ValidationFraction = 0.25, Seed = 2 });

        Assert.Equal(15, data.Train.Count);
        Assert.Equal(5, data.Validation.Count);
        Assert.Equal(Splits.Subset(50, 20, seed: 2), Rows(data.Train).Concat(Rows(data.Validation)).Order());
        Assert.Equal(7, data.NumClasses);
    }

    [Fact]
    public void Load_TestSubset_LimitsTheTestSet()
    {
        var data = _loader.Load(new DataRequest("toy") { TestSubset = 8, Seed = 2 });

        Assert.Equal(8, data.Test.Count);
        Assert.Equal(Splits.Subset(20, 8, seed: 2), Rows(data.Test));
    }

    [Fact]
    public void Load_SubsetLargerThanTrainingSet_Throws()
    {
        var error = Assert.Throws<DataException>(() => _loader.Load(new DataRequest("toy") { Subset = 51 }));

        Assert.Equal("toy: subset 51 is larger than the 50 training images", error.Message);
    }

    [Fact]
    public void Load_TestSubsetLargerThanTestSet_Throws()
    {
        var error = Assert.Throws<DataException>(() => _loader.Load(new DataRequest("toy") { TestSubset = 21 }));

        Assert.Equal("toy: test subset 21 is larger than the 20 test images", error.Message);
    }

    [Fact]
    public void Load_StandardNormalization_UsesTrainingSplitStatisticsOnly()
    {
        var data = _loader.Load(new DataRequest("toy") { ValidationFraction = 0.4, Seed = 6 });

        var (trainMean, trainStd) = Normalization.ChannelStats(data.Train);
        Assert.Equal(trainMean, data.Mean);
        Assert.Equal(trainStd, data.Std);

        var poolMean = Normalization.ChannelStats(new ImageSet(
            [.. data.Train.Pixels, .. data.Validation.Pixels],
            [.. data.Train.Labels, .. data.Validation.Labels],
            1,
            Height,
            Width)).Mean;
        Assert.NotEqual(poolMean[0], data.Mean[0]);
    }

    [Fact]
    public void Load_NoNormalization_GivesZeroMeanAndUnitStd()
    {
        var data = _loader.Load(new DataRequest("toy") { Normalization = DataRequest.NoNormalization });

        Assert.Equal([0f], data.Mean);
        Assert.Equal([1f], data.Std);
    }

    [Fact]
    public void Load_ZeroValidationFraction_KeepsWholePoolForTraining()
    {
        var data = _loader.Load(new DataRequest("toy") { ValidationFraction = 0 });

        Assert.Equal(50, data.Train.Count);
        Assert.Equal(0, data.Validation.Count);
    }

    [Fact]
    public void Load_Mnist_UsesDigitClassNames()
    {
        var data = _loader.Load(new DataRequest("mnist"));

        Assert.Equal(10, data.NumClasses);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], data.ClassNames);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Load_ValidationFractionOutsideUnitInterval_Throws(double fraction)
    {
        var error = Assert.Throws<DataException>(() => _loader.Load(new DataRequest("toy") { ValidationFraction = fraction }));

        Assert.Contains("validation fraction", error.Message);
    }

    [Fact]
    public void Load_FractionLeavingNoTrainingImages_Throws()
    {
        var error = Assert.Throws<DataException>(() => _loader.Load(new DataRequest("toy") { Subset = 1, ValidationFraction = 0.6 }));

        Assert.Contains("leaves no training images", error.Message);
    }

    [Fact]
    public void Load_UnknownNormalization_Throws()
    {
        var error = Assert.Throws<DataException>(() => _loader.Load(new DataRequest("toy") { Normalization = "zscore" }));

        Assert.Contains("unknown normalization 'zscore'", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Load_NonPositiveSubset_Throws(int subset)
    {
        Assert.Throws<DataException>(() => _loader.Load(new DataRequest("toy") { Subset = subset }));
        Assert.Throws<DataException>(() => _loader.Load(new DataRequest("toy") { TestSubset = subset }));
    }

    [Fact]
    public void Load_CorruptLabelFile_ThrowsNamingIt()
    {
        var labels = _temp.Combine("root", "toy", "t10k-labels-idx1-ubyte.gz");
        IdxTestFiles.Write(labels, IdxTestFiles.LabelsBytes(new byte[19]), gzip: true);

        var error = Assert.Throws<DataException>(() => _loader.Load(new DataRequest("toy")));

        Assert.Equal($"{labels}: label count 19 does not match image count 20 in t10k-images-idx3-ubyte.gz", error.Message);
    }

    [Fact]
    public void Load_TestImagesOfAnotherSize_Throws()
    {
        var folder = _temp.Combine("root", "toy");
        IdxTestFiles.Write(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), IdxTestFiles.ImagesBytes(20, 2, 2, new byte[80]), gzip: true);

        var error = Assert.Throws<DataException>(() => _loader.Load(new DataRequest("toy")));

        Assert.Contains("training images are 4x3 but test images are 2x2", error.Message);
    }
}
