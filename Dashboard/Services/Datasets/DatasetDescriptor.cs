namespace Ablation.Dashboard.Services.Datasets;

/// <summary>
/// One row of the Datasets page: a set that can be trained on, or one that is missing and what
/// to drop where. Image sets and tabular sets share it; <see cref="Kind"/> tells them apart.
/// </summary>
/// <param name="Id">The value to put into a spec's <c>data.dataset</c>.</param>
/// <param name="Kind"><c>images</c> or <c>tabular</c>.</param>
/// <param name="Format">The file layout (<c>idx</c>, <c>cifar-10</c>, <c>image-folder</c>, …).</param>
/// <param name="InputShape">[C, H, W] for images at the default options; null when unknown.</param>
/// <param name="Location">The folder the files were found in, or where they belong.</param>
/// <param name="MissingHint">For a missing set: which files to drop where, and where they come from.</param>
/// <param name="Problem">For a set that is present but unreadable: the loader's one-line message.</param>
public sealed record DatasetDescriptor(
    string Id,
    string Kind,
    string Title,
    string Format,
    bool Available,
    int? TrainCount,
    int? TestCount,
    int[]? InputShape,
    IReadOnlyList<string> ClassNames,
    string Location,
    string? TestFrom = null,
    string? MissingHint = null,
    string? Problem = null)
{
    public const string ImagesKind = "images";
    public const string TabularKind = "tabular";
}

/// <summary>Sample images of a set for the page's grid: uint8 CHW pixels per image with its label.</summary>
public sealed record DatasetSamples(int Channels, int Height, int Width, IReadOnlyList<DatasetSample> Images);

/// <summary>One sample image; <see cref="Pixels"/> is base64 of C×H×W bytes, drawn by <c>wwwroot/js/images.js</c>.</summary>
public sealed record DatasetSample(int Label, string ClassName, string Pixels);
