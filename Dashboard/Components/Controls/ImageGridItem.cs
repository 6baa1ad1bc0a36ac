namespace Ablation.Dashboard.Components.Controls;

/// <summary>One image of an <see cref="ImageGrid"/>: base64 of its uint8 C×H×W pixels and a caption.</summary>
public sealed record ImageGridItem(string Pixels, string Caption);
