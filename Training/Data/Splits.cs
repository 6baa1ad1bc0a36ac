namespace Ablation.Training.Data;

/// <summary>
/// Seeded index selections. Results depend only on (count, size or fraction, seed), never on the
/// .NET version, so a run's data can be rebuilt exactly from its spec.
/// </summary>
public static class Splits
{
    // Separate streams so that the subset draw and the validation split of one seed are
    // independent of each other rather than two views of the same permutation.
    private const ulong SubsetStream = 1;
    private const ulong ValidationStream = 2;

    /// <summary>
    /// <paramref name="size"/> distinct indices drawn uniformly from [0, <paramref name="count"/>),
    /// returned in ascending order so the subset keeps the file's order and only its membership
    /// depends on the seed.
    /// </summary>
    public static int[] Subset(int count, int size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, count);

        var indices = Identity(count);
        var random = new SeededRandom(seed, SubsetStream);

        // A partial Fisher–Yates: only the first `size` slots need to be drawn.
        for (var i = 0; i < size; i++)
        {
            var j = i + random.NextInt(count - i);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        var subset = indices[..size];
        Array.Sort(subset);
        return subset;
    }

    /// <summary>
    /// Splits [0, <paramref name="count"/>) at random into a validation part of
    /// round(count × fraction) indices (halves rounded away from zero) and a training part holding
    /// the rest. The two are disjoint, together cover every index, and are each in ascending order.
    /// </summary>
    public static (int[] Train, int[] Validation) TrainValidation(int count, double fraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(fraction >= 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must lie in [0, 1).");
        }

        var validationSize = ValidationSize(count, fraction);
        var indices = Identity(count);
        new SeededRandom(seed, ValidationStream).Shuffle(indices);

        var validation = indices[..validationSize];
        var train = indices[validationSize..];
        Array.Sort(validation);
        Array.Sort(train);
        return (train, validation);
    }

    /// <summary>How many of <paramref name="count"/> items <see cref="TrainValidation"/> puts into validation.</summary>
    public static int ValidationSize(int count, double fraction) =>
        (int)Math.Round(count * fraction, MidpointRounding.AwayFromZero);

    private static int[] Identity(int count)
    {
        var indices = new int[count];
        for (var i = 0; i < count; i++)
        {
            indices[i] = i;
        }

        return indices;
    }
}
