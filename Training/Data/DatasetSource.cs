namespace Ablation.Training.Data;

/// <summary>
/// A dataset as <see cref="DataCatalog"/> found it on disk: where it is, which format it is in,
/// and the class names its files define. Each format is a subclass that knows its own files;
/// <see cref="ImageSourceReader"/> reads any of them into two <see cref="ImageSet"/>s.
/// </summary>
/// <param name="DisplayName">The id or root-relative path the spec gave, as shown in messages.</param>
/// <param name="Directory">The folder the files are in.</param>
/// <param name="ClassNames">One name per label, or null when the files do not name their classes.</param>
public abstract record DatasetSource(string DisplayName, string Directory, string[]? ClassNames)
{
    /// <summary>A short name of the layout: <c>idx</c>, <c>emnist</c>, <c>cifar-10</c>, <c>cifar-100</c>, <c>image-folder</c>, <c>tiny-imagenet</c>.</summary>
    public abstract string Format { get; }
}
