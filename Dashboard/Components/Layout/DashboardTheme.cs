using MudBlazor;

namespace Ablation.Dashboard.Components.Layout;

/// <summary>The dashboard's one MudBlazor theme, light and dark.</summary>
public static class DashboardTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0969da",
            Secondary = "#8250df",
            Success = "#1a7f37",
            Error = "#cf222e",
            Warning = "#9a6700",
            Info = "#0969da",
            AppbarBackground = "#24292f",
            AppbarText = "#ffffff",
            Background = "#f6f8fa",
            Surface = "#ffffff",
            TextPrimary = "#1f2328",
            TextSecondary = "#656d76",
            LinesDefault = "#d0d7de",
            TableLines = "#d8dee4",
            TableStriped = "#f6f8fa",
            ActionDefault = "#57606a",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4493f8",
            Secondary = "#ab7df8",
            Success = "#3fb950",
            Error = "#f85149",
            Warning = "#d29922",
            Info = "#4493f8",
            AppbarBackground = "#010409",
            AppbarText = "#f0f6fc",
            Background = "#0d1117",
            Surface = "#151b23",
            TextPrimary = "#f0f6fc",
            TextSecondary = "#9198a1",
            LinesDefault = "#3d444d",
            TableLines = "#3d444d",
            TableStriped = "#1f2428",
            ActionDefault = "#9198a1",
            DrawerBackground = "#151b23",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
