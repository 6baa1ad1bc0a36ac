namespace Ablation.Tests.Components;

/// <summary>
/// The editor's layer-order axis with bUnit (moved from the browser suite, issue 15): its picker
/// offers the arrangements of the baseline's block, what is picked is written into the axis's
/// values, and an order typed there that the picker does not offer is kept.
/// </summary>
public sealed class StudyEditorLayerOrderComponentTests : StudyEditorContext
{
    [Fact]
    public async Task PicksArrangementsOfTheBaselineBlock_AndKeepsTypedOnes()
    {
        await OpenEditorAsync("orders"); // block order conv bn act pool dropout
        await PickAsync(() => Find(".axis-row .axis-path input"), "Layer order in a conv block");
        WaitFor(() => Assert.Single(FindAll(".axis-row .order-picker")));
        await TypeAxisValuesAsync(0, "conv act pool"); // an order the picker does not offer: it leaves bn and dropout out

        await OpenSelectAsync(() => Find(".axis-row .order-picker input"));
        Assert.Equal(120, Options().Count); // every arrangement of the five layers
        Assert.DoesNotContain(Options(), o => o.TextContent.Trim() == "conv act pool");
        foreach (var order in new[] { "conv bn act pool dropout", "conv act bn pool dropout" })
        {
            await ClickOptionAsync(order);
            WaitFor(() => Assert.Contains(order, ValueOf(AxisValues(0)).Split(" | ")));
        }

        Assert.Equal("conv act pool | conv bn act pool dropout | conv act bn pool dropout", ValueOf(AxisValues(0)));
        await ClickAsync("#preview");
        WaitFor(() => Assert.Contains("9 runs in 3 cells", Summary(), StringComparison.Ordinal)); // three seeds per cell
        Assert.Empty(FindAll("table.preview tr.invalid"));
    }
}
