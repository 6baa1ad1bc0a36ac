namespace Ablation.Contracts.Models;

/// <summary>The shape of one example (no batch dimension): [C, H, W] for images, [F] for features.</summary>
public sealed record Shape(params int[] Dims)
{
    public int Rank => Dims.Length;
    public bool IsImage => Dims.Length == 3;
    public int Channels => Dims[0];
    public int Height => Dims[1];
    public int Width => Dims[2];
    public long Elements => Dims.Aggregate(1L, (a, d) => a * d);

    public bool Equals(Shape? other) => other is not null && Dims.AsSpan().SequenceEqual(other.Dims);

    public override int GetHashCode() => Dims.Aggregate(17, HashCode.Combine);

    public override string ToString() => string.Join("×", Dims);
}
