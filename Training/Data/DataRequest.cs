namespace Ablation.Training.Data;

/// <summary>
/// The data part of a run spec, as the worker hands it to <see cref="DatasetLoader"/>. Names
/// follow the run-spec vocabulary shared with the dashboard.
/// </summary>
/// <param name="Dataset">A dataset id (<c>fashion-mnist</c>, <c>mnist</c>, …) or a folder relative to the data root.</param>
public sealed record DataRequest(string Dataset)
{
    /// <summary>Standardize with the per-channel mean and std of the training split.</summary>
    public const string StandardNormalization = "standard";

    /// <summary>Only scale bytes to [0, 1].</summary>
    public const string NoNormalization = "none";

    /// <summary>Share of the training pool held out for validation, in [0, 1).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary><see cref="StandardNormalization"/> or <see cref="NoNormalization"/>.</summary>
    public string Normalization { get; init; } = StandardNormalization;

    /// <summary>Caps the training pool (before the validation split) at this many images drawn with the seed.</summary>
    public int? Subset { get; init; }

    /// <summary>Caps the test set at this many images drawn with the seed.</summary>
    public int? TestSubset { get; init; }

    public int Seed { get; init; }

    /// <summary>Image size, channels and label set (<c>data.image_size</c>, <c>data.channels</c>, <c>data.label_set</c>).</summary>
    public ImageOptions Images { get; init; } = ImageOptions.Default;
}
