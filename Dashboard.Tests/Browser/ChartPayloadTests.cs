using System.Text.Json;
using Ablation.Dashboard.Components.Controls;

namespace Ablation.Tests.Browser;

/// <summary>What LiveChart sends to charts.js, checked as the JSON that goes over the circuit.</summary>
public sealed class ChartPayloadTests
{
    /// <summary>The options Blazor's JS interop serializes with (camelCase names, web defaults).</summary>
    internal static readonly JsonSerializerOptions BlazorJson = new(JsonSerializerDefaults.Web) { MaxDepth = 32 };

    [Fact]
    public void Traces_UsePlotlyAttributeNames_AndLeaveUnsetStylesOut()
    {
        var traces = ChartPayload.Traces([new ChartSeries("k", "plain", [1, 2], [3, 4])]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(traces, BlazorJson));
        var trace = json.RootElement[0];

        Assert.Equal("k", trace.GetProperty("key").GetString());
        Assert.Equal("plain", trace.GetProperty("name").GetString());
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal("lines", trace.GetProperty("mode").GetString());
        Assert.Equal([1.0, 2.0], trace.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
        Assert.False(trace.TryGetProperty("legendgroup", out _));
        Assert.False(trace.TryGetProperty("marker", out _));
        Assert.False(trace.GetProperty("line").TryGetProperty("color", out _));
        Assert.False(trace.GetProperty("line").TryGetProperty("dash", out _));
    }

    [Fact]
    public void Traces_CarryColorDashGroupAndMarkers()
    {
        var series = new ChartSeries("k", "styled", [1], [2]) { Color = "#123456", Dash = "dash", Group = "run-7", Markers = true };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(ChartPayload.Traces([series]), BlazorJson));
        var trace = json.RootElement[0];

        Assert.Equal("#123456", trace.GetProperty("line").GetProperty("color").GetString());
        Assert.Equal("dash", trace.GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal("#123456", trace.GetProperty("marker").GetProperty("color").GetString());
        Assert.Equal("run-7", trace.GetProperty("legendgroup").GetString());
        Assert.Equal("lines+markers", trace.GetProperty("mode").GetString());
    }

    [Fact]
    public void Traces_HoverNamesTheSeries_UnderTheAxisTitles()
    {
        var trace = ChartPayload.Traces([new ChartSeries("k", "n", [1], [2])], xTitle: "step", yTitle: "loss")[0];

        Assert.Equal("n", trace.Meta);
        Assert.Contains("%{meta}", trace.HoverTemplate);
        Assert.Contains("step: %{x}", trace.HoverTemplate);
        Assert.Contains("loss: %{y}", trace.HoverTemplate);
        Assert.EndsWith("<extra></extra>", trace.HoverTemplate);
    }

    [Fact]
    public void Traces_WithALegendName_ShareOneLegendEntry_AndHoverStillNamesEachSeries()
    {
        var traces = ChartPayload.Traces(
        [
            new ChartSeries("run-1", "#1 bn=on", [1], [2]) { LegendName = "bn=on", Group = "bn=on" },
            new ChartSeries("run-2", "#2 bn=off", [1], [2]) { LegendName = "bn=off", Group = "bn=off" },
            new ChartSeries("run-3", "#3 bn=on", [1], [2]) { LegendName = "bn=on", Group = "bn=on" },
            new ChartSeries("run-4", "#4 alone", [1], [2]),
        ]);

        Assert.Equal(["bn=on", "bn=off", "bn=on", "#4 alone"], traces.Select(t => t.Name));
        Assert.Equal([true, true, false, true], traces.Select(t => t.ShowLegend));
        Assert.Equal(["#1 bn=on", "#2 bn=off", "#3 bn=on", "#4 alone"], traces.Select(t => t.Meta));
    }

    [Fact]
    public void Traces_OfABundle_AreOneTraceWithGaps_HoverNamingEachSeries_EndMarkersTogether()
    {
        var traces = ChartPayload.Traces(
        [
            new ChartSeries("run-1", "#1 bn=on", [1, 2], [0.5, 0.6]) { LegendName = "bn=on", Bundle = "bn=on", Color = "#111111" },
            new ChartSeries("run-2", "#2 bn=off", [1], [0.4]) { LegendName = "bn=off", Bundle = "bn=off" },
            new ChartSeries("run-3", "#3 bn=on", [1, 2, 3], [0.3, 0.2, double.NaN]) { LegendName = "bn=on", Bundle = "bn=on", EndLabel = "diverged" },
            new ChartSeries("run-4", "#4 bn=on", [1, 2], [0.7, 0.1]) { LegendName = "bn=on", Bundle = "bn=on", EndLabel = "diverged" },
        ], "epoch", "accuracy");

        Assert.Equal(["bundle/bn=on", "bundle/bn=off", "bundle/bn=on/end"], traces.Select(t => t.Key));
        var on = traces[0];
        Assert.Equal([1, 2, null, 1, 2, 3, null, 1, 2], on.X);
        Assert.Equal([0.5, 0.6, null, 0.3, 0.2, null, null, 0.7, 0.1], on.Y);
        Assert.Equal(new string?[] { "#1 bn=on", "#1 bn=on", null, "#3 bn=on", "#3 bn=on", "#3 bn=on", null, "#4 bn=on", "#4 bn=on" }, on.CustomData);
        Assert.Equal("#111111", on.Line.Color);
        Assert.Contains("%{customdata}", on.HoverTemplate);
        Assert.Equal([true, true, false], traces.Select(t => t.ShowLegend));
        var end = traces[2];
        Assert.Equal([2.0, 2.0], end.X);
        Assert.Equal([0.2, 0.1], end.Y);
        Assert.Equal(["diverged", "diverged"], end.Text!);
        Assert.Equal(new string?[] { "#3 bn=on: diverged", "#4 bn=on: diverged" }, end.CustomData);
    }

    [Fact]
    public void Traces_WithoutAxisTitles_HoverSaysXAndY()
    {
        var trace = ChartPayload.Traces([new ChartSeries("k", "n", [1], [2])])[0];

        Assert.Contains("x: %{x}", trace.HoverTemplate);
        Assert.Contains("y: %{y}", trace.HoverTemplate);
    }

    [Fact]
    public void Traces_NonFiniteValues_BecomeNullGaps_AndSerialize()
    {
        var traces = ChartPayload.Traces([new ChartSeries("k", "diverged", [1, 2, 3, 4], [0.5, double.NaN, double.PositiveInfinity, 0.25])]);

        var json = JsonSerializer.Serialize(traces, BlazorJson);

        Assert.Equal([0.5, null, null, 0.25], traces[0].Y);
        Assert.Contains("\"y\":[0.5,null,null,0.25]", json);
    }

    [Fact]
    public void Traces_SameKeyTwice_BecomeOneTrace_WithThePointsInOrder()
    {
        var traces = ChartPayload.Traces(
        [
            new ChartSeries("a", "first", [1], [10]) { Color = "red" },
            new ChartSeries("b", "other", [1], [20]),
            new ChartSeries("a", "again", [2, 3], [11, 12]) { Color = "blue" },
        ]);

        Assert.Equal(["a", "b"], traces.Select(t => t.Key));
        Assert.Equal([1.0, 2.0, 3.0], traces[0].X);
        Assert.Equal([10.0, 11.0, 12.0], traces[0].Y);
        Assert.Equal("first", traces[0].Name);
        Assert.Equal("red", traces[0].Line.Color);
    }

    [Fact]
    public void Traces_XAndYOfDifferentLengths_AreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ChartPayload.Traces([new ChartSeries("k", "n", [1, 2], [1])]));

        Assert.Contains("'k' has 2 x values but 1 y values", e.Message);
    }

    [Fact]
    public void Traces_WithoutKey_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => ChartPayload.Traces([new ChartSeries("", "n", [1], [1])]));
    }

    [Fact]
    public void Merge_ExtendsKnownKeys_AndAddsNewKeysAtTheEnd()
    {
        var current = ChartPayload.Traces([new ChartSeries("a", "a", [1], [1]), new ChartSeries("b", "b", [1], [2])]);
        var additions = ChartPayload.Traces([new ChartSeries("c", "c", [1], [3]), new ChartSeries("a", "a", [2], [4])]);

        var merged = ChartPayload.Merge(current, additions);

        Assert.Equal(["a", "b", "c"], merged.Select(t => t.Key));
        Assert.Equal([1.0, 2.0], merged[0].X);
        Assert.Equal([1.0, 4.0], merged[0].Y);
        Assert.Single(current[0].X); // the inputs are left as they were
    }

    [Fact]
    public void Layout_UsesPlotlyNames_AndOmitsAnEmptyTitle()
    {
        var layout = ChartPayload.Layout(null, "epoch", "", 280);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(layout, BlazorJson));
        var root = json.RootElement;

        Assert.False(root.TryGetProperty("title", out _));
        Assert.Equal("epoch", root.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.False(root.GetProperty("yaxis").TryGetProperty("title", out _));
        Assert.Equal(280, root.GetProperty("height").GetInt32());
        Assert.Equal("closest", root.GetProperty("hovermode").GetString());
        Assert.True(root.TryGetProperty("uirevision", out _));
    }

    [Fact]
    public void Layout_PutsTheTitleTopLeft_AndTheLegendAtTheBottomOfTheFigure()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(ChartPayload.Layout("loss", "step", "loss", 300), BlazorJson));
        var title = json.RootElement.GetProperty("title");
        var legend = json.RootElement.GetProperty("legend");

        Assert.Equal("loss", title.GetProperty("text").GetString());
        Assert.Equal("left", title.GetProperty("xanchor").GetString());
        Assert.Equal("h", legend.GetProperty("orientation").GetString());
        Assert.Equal("container", legend.GetProperty("yref").GetString());
        Assert.Equal("bottom", legend.GetProperty("yanchor").GetString());
    }

    [Fact]
    public void Layout_EqualParameters_GiveEqualLayouts_SoOnlyARealChangeRelayouts()
    {
        Assert.Equal(ChartPayload.Layout("t", "x", "y", 300), ChartPayload.Layout("t", "x", "y", 300));
        Assert.NotEqual(ChartPayload.Layout("t", "x", "y", 300), ChartPayload.Layout("t", "x", "loss", 300));
        Assert.NotEqual(ChartPayload.Layout("t", "x", "y", 300), ChartPayload.Layout("t", "x", "y", 400));
    }
}
