namespace Ablation.Training.Data.Tabular;

/// <summary>
/// One split of a table, ready for the engine: features standardized with the training split's
/// statistics, and either class labels or regression targets standardized the same way.
/// </summary>
/// <param name="Features">Count × FeatureCount values, row by row.</param>
/// <param name="Labels">Class labels (classification); null for regression.</param>
/// <param name="Targets">Standardized targets (regression); null for classification.</param>
/// <param name="Rows">The source row of every example, in the order of the split.</param>
public sealed record TableSplit(float[] Features, int FeatureCount, long[]? Labels, float[]? Targets, int[] Rows)
{
    public int Count => Rows.Length;
}

/// <summary>A table split into train, validation and test, with what it takes to read the model's outputs in the original units.</summary>
public sealed record TabularData : ITrainingData
{
    public required TableSplit Train { get; init; }

    public required TableSplit Validation { get; init; }

    public required TableSplit Test { get; init; }

    public required string DatasetName { get; init; }

    public required string Task { get; init; }

    public required string[] FeatureNames { get; init; }

    /// <summary>Training-split mean of every feature (0 with normalization "none").</summary>
    public required double[] FeatureMean { get; init; }

    /// <summary>Training-split standard deviation of every feature (1 for a constant feature, or with normalization "none").</summary>
    public required double[] FeatureStd { get; init; }

    public required string TargetName { get; init; }

    /// <summary>Regression: the training targets' mean; a prediction p means p × <see cref="TargetStd"/> + <see cref="TargetMean"/>.</summary>
    public double TargetMean { get; init; }

    /// <summary>Regression: the training targets' standard deviation (1 when they are constant).</summary>
    public double TargetStd { get; init; } = 1;

    public required string[] ClassNames { get; init; }

    public bool IsRegression => Task == TabularTask.Regression;

    public int NumClasses => IsRegression ? 1 : ClassNames.Length;

    public int[] InputShape => [FeatureNames.Length];

    public int TrainCount => Train.Count;

    public int ValidationCount => Validation.Count;

    public int TestCount => Test.Count;

    /// <summary>A standardized target back in the target's own units.</summary>
    public double ToTargetUnits(double standardized) => (standardized * TargetStd) + TargetMean;
}
