namespace Ablation.Dashboard.Services.Evaluation;

/// <summary>One test image of a run's evaluation: its position in the test split, the true and predicted class, and its uint8 CHW pixels.</summary>
public sealed record EvaluationSample(int Index, int Label, int Predicted, byte[] Pixels)
{
    public bool IsWrong => Label != Predicted;
}

/// <summary>
/// A run's <c>evaluation.json</c> (docs/worker.md): on the test split with the final weights, a
/// classifier's confusion matrix, per-class accuracy and sample images, or a regression's
/// (true, predicted) pairs with MSE, MAE and R².
/// </summary>
public sealed record RunEvaluation
{
    public const string Classification = "classification";
    public const string Regression = "regression";

    public required string Kind { get; init; }

    public int Epoch { get; init; }

    public bool IsRegression => Kind == Regression;

    // Classification
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Rows are true classes, columns predicted classes.</summary>
    public IReadOnlyList<long[]> Confusion { get; init; } = [];

    /// <summary>Null for a class without test examples.</summary>
    public IReadOnlyList<double?> PerClassAccuracy { get; init; } = [];

    /// <summary>[C, H, W] of the samples' pixels.</summary>
    public IReadOnlyList<int> SampleShape { get; init; } = [];

    public IReadOnlyList<EvaluationSample> Samples { get; init; } = [];

    // Regression
    public string Target { get; init; } = "";

    public IReadOnlyList<(double True, double Predicted)> Pairs { get; init; } = [];

    public double? Mse { get; init; }

    public double? Mae { get; init; }

    public double? R2 { get; init; }

    /// <summary>The class's name, or its number when the file names fewer classes.</summary>
    public string ClassName(int label) => label >= 0 && label < ClassNames.Count ? ClassNames[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
