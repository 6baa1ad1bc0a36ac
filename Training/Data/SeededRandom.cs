namespace Ablation.Training.Data;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014). Splits, subsets and epoch shuffles must come out the
/// same on every machine and every .NET version, so a run can be repeated from its seed alone;
/// <see cref="System.Random"/> promises no such thing, so this fixes the algorithm in our code.
/// Not for cryptography. Not thread-safe: give each thread its own instance.
/// </summary>
public sealed class SeededRandom
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    /// <param name="seed">Any value; equal seeds give equal sequences.</param>
    /// <param name="stream">
    /// Picks an independent sequence for the same seed, so two uses of one user-visible seed (say
    /// the subset draw and the validation split) do not draw correlated numbers. Stream 0 is plain
    /// SplitMix64 seeded with <paramref name="seed"/>.
    /// </param>
    public SeededRandom(long seed, ulong stream = 0)
    {
        // Mix(0) is 0, so stream 0 leaves the seed untouched and the published test vectors hold.
        _state = unchecked((ulong)seed) ^ Mix(unchecked(stream * 0xD1B54A32D192ED03UL));
    }

    public ulong NextUInt64()
    {
        _state = unchecked(_state + Gamma);
        return Mix(_state);
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);

        // Lemire's multiply-shift: the high word of x*n is uniform once the low words that would
        // over-represent some results (fewer than n of 2^64) are rejected.
        var bound = (ulong)maxExclusive;
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = unchecked(0UL - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return (int)high;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher–Yates: every permutation of <paramref name="items"/> is equally likely.</summary>
    public void Shuffle(Span<int> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
