using Ablation.Dashboard.Components.Results;
using Ablation.Dashboard.Services.Analysis;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Ablation.Tests.Components;

/// <summary>The results curves' options (aggregate, band, individual runs, smoothing) on MudBlazor's controls: what each reports, and which controls each choice brings.</summary>
public sealed class CurveControlsComponentTests : DashboardComponentContext
{
    private readonly List<CurveOptions> _reported = [];

    private IRenderedComponent<CurveControls> RenderControls(CurveOptions options) =>
        Render<CurveControls>(p => p.Add(c => c.Options, options).Add(c => c.OptionsChanged, o => _reported.Add(o)));

    private static IReadOnlyList<string> Labels(IRenderedComponent<CurveControls> controls) =>
        [.. controls.FindAll(".mud-input-label, .mud-checkbox").Select(e => e.TextContent.Trim())];

    [Fact]
    public async Task Aggregating_ReportsItAndBringsTheBandAndTheIndividualRuns()
    {
        var controls = RenderControls(CurveOptions.Runs("val/accuracy"));
        Assert.DoesNotContain("Band", Labels(controls));
        Assert.DoesNotContain("Show individual runs", Labels(controls));

        await controls.Find("input[data-option='aggregate']").ChangeAsync(new ChangeEventArgs { Value = true });

        var options = Assert.Single(_reported);
        Assert.True(options.Aggregate);
        Assert.Equal("val/accuracy", options.Curve);
        controls.Render(p => p.Add(c => c.Options, options));
        Assert.Contains("Band", Labels(controls));
        Assert.Contains("Show individual runs", Labels(controls));
    }

    [Fact]
    public async Task ChoosingEma_ReportsItAndBringsItsWeight_AndAWindowOnlyForAMovingAverage()
    {
        var popovers = Render<MudPopoverProvider>();
        var controls = RenderControls(CurveOptions.Runs("val/loss"));
        Assert.Empty(controls.FindAll("#ema-weight, #ma-window"));

        await controls.Find("#curve-smoothing").Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-popover-open .mud-list-item")), Wait);
        await popovers.FindAll(".mud-popover-open .mud-list-item").Single(o => o.TextContent.Trim() == "EMA (debiased)").ClickAsync(new MouseEventArgs());

        controls.WaitForAssertion(() => Assert.Single(_reported), Wait);
        Assert.Equal(SmoothingKind.Ema, _reported[0].Smoothing.Kind);
        controls.Render(p => p.Add(c => c.Options, _reported[0]));
        Assert.Single(controls.FindAll("#ema-weight"));
        Assert.Empty(controls.FindAll("#ma-window"));

        controls.Render(p => p.Add(c => c.Options, _reported[0] with { Smoothing = Smoothing.MovingAverage(5) }));
        Assert.Empty(controls.FindAll("#ema-weight"));
        Assert.Equal("5", controls.Find("#ma-window").GetAttribute("value"));
    }
}
