using Ablation.Dashboard.Components.Controls;
using Ablation.Dashboard.Services.Datasets;

namespace Ablation.Dashboard.Components.Pages;

/// <summary>Formatting for the Datasets page, kept out of the markup so it can be tested without a browser.</summary>
public static class DatasetsView
{
    /// <summary>Class names shown in the table before "… and N more".</summary>
    public const int ShownClassNames = 10;

    public static string ClassSummary(DatasetDescriptor row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.ClassNames.Count == 0)
        {
            return "";
        }

        var shown = string.Join(", ", row.ClassNames.Take(ShownClassNames));
        return row.ClassNames.Count > ShownClassNames
            ? $"{row.ClassNames.Count}: {shown}, … and {row.ClassNames.Count - ShownClassNames} more"
            : $"{row.ClassNames.Count}: {shown}";
    }

    public static IReadOnlyList<ImageGridItem> GridItems(DatasetSamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return samples.Images.Select(i => new ImageGridItem(i.Pixels, i.ClassName)).ToList();
    }
}
