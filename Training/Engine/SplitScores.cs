namespace Ablation.Training.Engine;

/// <summary>
/// A split's scores beside its loss: accuracy for classification; MSE, MAE (in the target's own
/// units) and R² for regression. The other task's fields are null.
/// </summary>
public sealed record SplitScores(double? Accuracy, double? Mse = null, double? Mae = null, double? R2 = null)
{
    public static SplitScores None { get; } = new((double?)null);
}
