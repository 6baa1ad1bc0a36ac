using System.Globalization;

namespace Ablation.Dashboard.Components.Controls;

/// <summary>The charts' colours (plotly's default ten), by index, and their translucent form for bands.</summary>
public static class ChartPalette
{
    public static IReadOnlyList<string> Colors { get; } = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];

    /// <summary>The colour of index <paramref name="index"/>, cycling.</summary>
    public static string At(int index) => Colors[((index % Colors.Count) + Colors.Count) % Colors.Count];

    /// <summary>"#1f77b4" with alpha 0.2 → "rgba(31,119,180,0.2)".</summary>
    public static string Translucent(string hex, double alpha)
    {
        var rgb = Convert.ToInt32(hex.TrimStart('#'), 16);
        return string.Create(CultureInfo.InvariantCulture, $"rgba({(rgb >> 16) & 0xff},{(rgb >> 8) & 0xff},{rgb & 0xff},{alpha})");
    }
}
