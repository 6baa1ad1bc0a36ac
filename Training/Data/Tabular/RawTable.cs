namespace Ablation.Training.Data.Tabular;

/// <summary>
/// A table as read from its file(s), before any split or scaling: numeric features row-major and
/// the target column as text (a class name or a number), each row with the file line it came from
/// so that later errors can point at it.
/// </summary>
public sealed record RawTable
{
    /// <summary>The file the rows came from, as shown in messages.</summary>
    public required string File { get; init; }

    public required string[] FeatureNames { get; init; }

    /// <summary>Count × FeatureNames.Length values, row by row.</summary>
    public required double[] Features { get; init; }

    public required string TargetName { get; init; }

    /// <summary>The target of every row as written in the file.</summary>
    public required string[] Targets { get; init; }

    /// <summary>The 1-based line number of every row in <see cref="File"/>.</summary>
    public required int[] Lines { get; init; }

    /// <summary>The task the set is made for (built-in sets); null for a user's CSV, which the spec or the data decide.</summary>
    public string? Task { get; init; }

    /// <summary>Class names by label (built-in classification sets, whose targets are label numbers); null otherwise.</summary>
    public string[]? ClassNames { get; init; }

    public int Count => Targets.Length;

    public int FeatureCount => FeatureNames.Length;
}
