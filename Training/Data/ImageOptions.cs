namespace Ablation.Training.Data;

/// <summary>
/// How images are shaped before training, from the run spec's <c>data.image_size</c>,
/// <c>data.channels</c> and <c>data.label_set</c>. Null sizes and channels keep what the set has
/// (IDX and CIFAR) or take the defaults of <see cref="ImageFolderSource"/>.
/// </summary>
public sealed record ImageOptions
{
    public const string FineLabels = "fine";
    public const string CoarseLabels = "coarse";

    /// <summary>Used for image folders when the spec names no size.</summary>
    public const int DefaultFolderImageSize = 64;

    public const int MinImageSize = 4;
    public const int MaxImageSize = 512;

    /// <summary>Square side in pixels; null keeps the native size (64 for image folders).</summary>
    public int? ImageSize { get; init; }

    /// <summary>1 (grayscale) or 3 (RGB); null keeps the set's own (the majority for image folders).</summary>
    public int? Channels { get; init; }

    /// <summary>CIFAR-100 only: <see cref="FineLabels"/> (100 classes) or <see cref="CoarseLabels"/> (20 superclasses).</summary>
    public string LabelSet { get; init; } = FineLabels;

    public static ImageOptions Default { get; } = new();
}
