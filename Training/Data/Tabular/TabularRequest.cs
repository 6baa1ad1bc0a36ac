namespace Ablation.Training.Data.Tabular;

/// <summary>The data part of a run spec as <see cref="TabularLoader"/> needs it, with the loss that helps decide the task.</summary>
public sealed record TabularRequest(string Dataset)
{
    public string? Target { get; init; }

    /// <summary>"classification", "regression", or null to infer it.</summary>
    public string? Task { get; init; }

    /// <summary>The spec's loss name: a regression loss (mse, mae, huber) implies regression.</summary>
    public string Loss { get; init; } = "cross_entropy";

    /// <summary>train:validation:test proportions for a table without a test file; null: 20% test, then <see cref="ValidationFraction"/> of the rest.</summary>
    public double[]? Split { get; init; }

    public double ValidationFraction { get; init; } = 0.1;

    public string Normalization { get; init; } = DataRequest.StandardNormalization;

    public int? Subset { get; init; }

    public int? TestSubset { get; init; }

    public int Seed { get; init; }
}
