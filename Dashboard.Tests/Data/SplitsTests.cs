using Ablation.Training.Data;

namespace Ablation.Tests.Data;

public sealed class SplitsTests
{
    [Fact]
    public void TrainValidation_SameSeed_GivesSameSplit()
    {
        var first = Splits.TrainValidation(1000, 0.2, seed: 17);
        var second = Splits.TrainValidation(1000, 0.2, seed: 17);

        Assert.Equal(first.Train, second.Train);
        Assert.Equal(first.Validation, second.Validation);
    }

    [Fact]
    public void TrainValidation_DifferentSeed_GivesDifferentSplit()
    {
        var first = Splits.TrainValidation(1000, 0.2, seed: 17);
        var second = Splits.TrainValidation(1000, 0.2, seed: 18);

        Assert.NotEqual(first.Validation, second.Validation);
    }

    [Fact]
    public void TrainValidation_PartsAreDisjointSortedAndCoverEveryIndex()
    {
        var (train, validation) = Splits.TrainValidation(1000, 0.15, seed: 3);

        Assert.Equal(150, validation.Length);
        Assert.Equal(850, train.Length);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(Enumerable.Range(0, 1000), train.Concat(validation).Order());
        Assert.Equal(train.Order(), train);
        Assert.Equal(validation.Order(), validation);
    }

    [Fact]
    public void TrainValidation_ValidationIsSpreadOverTheWholeRange()
    {
        var (_, validation) = Splits.TrainValidation(1000, 0.1, seed: 9);

        // A shuffled split, not the last tenth of the file.
        Assert.Contains(validation, i => i < 500);
        Assert.Contains(validation, i => i >= 500);
    }

    [Theory]
    [InlineData(100, 0.1, 10)]
    [InlineData(10, 0.25, 3)]
    [InlineData(10, 0.24, 2)]
    [InlineData(7, 0.0, 0)]
    [InlineData(0, 0.5, 0)]
    public void TrainValidation_ValidationGetsRoundedShare(int count, double fraction, int expectedValidation)
    {
        var (train, validation) = Splits.TrainValidation(count, fraction, seed: 1);

        Assert.Equal(expectedValidation, validation.Length);
        Assert.Equal(count - expectedValidation, train.Length);
    }

    [Fact]
    public void TrainValidation_FractionZero_KeepsEveryIndexForTraining()
    {
        var (train, validation) = Splits.TrainValidation(50, 0.0, seed: 1);

        Assert.Empty(validation);
        Assert.Equal(Enumerable.Range(0, 50), train);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void TrainValidation_FractionOutsideUnitInterval_Throws(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.TrainValidation(10, fraction, seed: 1));
    }

    [Fact]
    public void Subset_ReturnsDistinctSortedIndicesOfRequestedSize()
    {
        var subset = Splits.Subset(1000, 100, seed: 4);

        Assert.Equal(100, subset.Length);
        Assert.Equal(100, subset.Distinct().Count());
        Assert.All(subset, i => Assert.InRange(i, 0, 999));
        Assert.Equal(subset.Order(), subset);
    }

    [Fact]
    public void Subset_IsDeterministicPerSeed()
    {
        Assert.Equal(Splits.Subset(1000, 100, seed: 4), Splits.Subset(1000, 100, seed: 4));
        Assert.NotEqual(Splits.Subset(1000, 100, seed: 4), Splits.Subset(1000, 100, seed: 5));
    }

    [Fact]
    public void Subset_IsNotJustAPrefix()
    {
        Assert.Contains(Splits.Subset(1000, 10, seed: 2), i => i >= 10);
    }

    [Fact]
    public void Subset_WholeRange_ReturnsEveryIndex()
    {
        Assert.Equal(Enumerable.Range(0, 20), Splits.Subset(20, 20, seed: 8));
    }

    [Fact]
    public void Subset_LargerThanCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Subset(10, 11, seed: 1));
    }
}
