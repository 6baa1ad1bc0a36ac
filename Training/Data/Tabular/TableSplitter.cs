namespace Ablation.Training.Data.Tabular;

/// <summary>Seeded train / validation / test row selections for a table.</summary>
public static class TableSplitter
{
    /// <summary>The share of a single table held out for testing when the spec gives no data.split.</summary>
    public const double DefaultTestFraction = 0.2;

    // Streams 1 and 2 are Splits' subset and validation draws.
    private const ulong SplitStream = 3;

    /// <summary>
    /// Splits rows [0, count) by proportions (train, validation, test): the test and validation
    /// sizes are rounded (halves away from zero), training keeps the rest. Each part is in
    /// ascending order; together they cover every row once.
    /// </summary>
    public static (int[] Train, int[] Validation, int[] Test) ByProportions(int count, double[] proportions, int seed)
    {
        ArgumentNullException.ThrowIfNull(proportions);
        if (proportions.Length != 3 || proportions.Any(p => !double.IsFinite(p) || p < 0) || proportions.Sum() <= 0)
        {
            throw new ArgumentException("three finite, non-negative proportions with a positive sum are needed", nameof(proportions));
        }

        var total = proportions.Sum();
        var testSize = (int)Math.Round(count * proportions[2] / total, MidpointRounding.AwayFromZero);
        var validationSize = (int)Math.Round(count * proportions[1] / total, MidpointRounding.AwayFromZero);
        var order = Enumerable.Range(0, count).ToArray();
        new SeededRandom(seed, SplitStream).Shuffle(order);
        var test = order[..testSize];
        var validation = order[testSize..(testSize + validationSize)];
        var train = order[(testSize + validationSize)..];
        Array.Sort(train);
        Array.Sort(validation);
        Array.Sort(test);
        return (train, validation, test);
    }
}
