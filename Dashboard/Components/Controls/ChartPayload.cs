using System.Text.Json.Serialization;

namespace Ablation.Dashboard.Components.Controls;

/// <summary>
/// Builds what <see cref="LiveChart"/> sends to <c>wwwroot/js/charts.js</c>: plotly traces keyed by
/// series and the plot's layout. Plain data, so the rendering rules are tested without a browser.
/// </summary>
public static class ChartPayload
{
    /// <summary>
    /// The traces of <paramref name="series"/>, in order. Series that share a key become one trace
    /// (their points concatenated, the first one's style kept), because a plot holds one trace per key.
    /// The hover label names the series and uses the axis titles given here.
    /// </summary>
    public static IReadOnlyList<PlotTrace> Traces(IReadOnlyList<ChartSeries> series, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var hover = HoverTemplate(xTitle, yTitle);
        var traces = new List<PlotTrace>(series.Count);
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var legendNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            Validate(s);
            var x = Finite(s.X);
            var y = Finite(s.Y);
            if (s.Bundle is not null)
            {
                AddToBundle(traces, byKey, legendNames, s, x, y, xTitle, yTitle);
                continue;
            }

            if (byKey.TryGetValue(s.Key, out var index))
            {
                traces[index] = traces[index] with { X = [.. traces[index].X, .. x], Y = [.. traces[index].Y, .. y] };
                continue;
            }

            byKey[s.Key] = traces.Count;
            traces.Add(TraceOf(s, s.Key, s.LegendName ?? s.Name, s.Name, x, y, hover,
                s.ShowInLegend && (s.LegendName is null || legendNames.Add(s.LegendName))));
            if (EndMarker(s, x, y, hover) is { } end)
            {
                byKey[end.Key] = traces.Count;
                traces.Add(end);
            }
        }

        return traces;
    }

    /// <summary>
    /// A series of a <see cref="ChartSeries.Bundle"/>: its points go onto the bundle's one trace after a
    /// gap (null), each point carrying the series' name for the hover label; its end marker onto the
    /// bundle's one end trace. The bundle's first series gives the style and the legend entry.
    /// </summary>
    private static void AddToBundle(List<PlotTrace> traces, Dictionary<string, int> byKey, HashSet<string> legendNames,
        ChartSeries s, double?[] x, double?[] y, string? xTitle, string? yTitle)
    {
        var key = "bundle/" + s.Bundle;
        var names = Array.ConvertAll(x, _ => (string?)s.Name);
        if (byKey.TryGetValue(key, out var index))
        {
            var t = traces[index];
            traces[index] = t with { X = [.. t.X, null, .. x], Y = [.. t.Y, null, .. y], CustomData = [.. t.CustomData!, null, .. names] };
        }
        else
        {
            var legend = s.LegendName ?? s.Bundle!;
            byKey[key] = traces.Count;
            traces.Add(TraceOf(s, key, legend, legend, x, y, BundleHoverTemplate(xTitle, yTitle), s.ShowInLegend && legendNames.Add(legend)) with { CustomData = names });
        }

        if (EndMarker(s, x, y, BundleHoverTemplate(xTitle, yTitle)) is not { } end)
        {
            return;
        }

        var endKey = key + "/end";
        end = end with { CustomData = [end.Meta] };
        if (byKey.TryGetValue(endKey, out var endIndex))
        {
            var t = traces[endIndex];
            traces[endIndex] = t with { X = [.. t.X, .. end.X], Y = [.. t.Y, .. end.Y], Text = [.. t.Text!, .. end.Text!], CustomData = [.. t.CustomData!, .. end.CustomData] };
        }
        else
        {
            byKey[endKey] = traces.Count;
            traces.Add(end with { Key = endKey, Name = $"{s.LegendName ?? s.Bundle}: {s.EndLabel}", Meta = $"{s.LegendName ?? s.Bundle}: {s.EndLabel}" });
        }
    }

    /// <summary>The trace that draws <paramref name="s"/> (or, in a bundle, the bundle it starts) in its style.</summary>
    private static PlotTrace TraceOf(ChartSeries s, string key, string name, string meta, double?[] x, double?[] y, string hover, bool showLegend) => new()
    {
        Key = key,
        Name = name,
        Meta = meta,
        ShowLegend = showLegend,
        X = x,
        Y = y,
        Mode = s.Markers ? "lines+markers" : "lines",
        Line = new PlotLine(s.Color, s.Dash) { Width = s.LineWidth ?? 2 },
        Marker = s.Markers ? new PlotMarker(s.Color, 5) : null,
        LegendGroup = s.Group,
        HoverTemplate = hover,
        Fill = s.Fill,
        FillColor = s.FillColor,
        Opacity = s.Opacity,
        HoverInfo = s.HoverSkip ? "skip" : null,
    };

    /// <summary>
    /// <paramref name="additions"/> applied to <paramref name="current"/> the way <c>charts.extend</c>
    /// applies them to a plot: points of a known key are appended, a new key is added at the end.
    /// </summary>
    public static IReadOnlyList<PlotTrace> Merge(IReadOnlyList<PlotTrace> current, IReadOnlyList<PlotTrace> additions)
    {
        var merged = new List<PlotTrace>(current);
        foreach (var addition in additions)
        {
            var index = merged.FindIndex(t => t.Key == addition.Key);
            if (index < 0)
            {
                merged.Add(addition);
            }
            else
            {
                merged[index] = merged[index] with { X = [.. merged[index].X, .. addition.X], Y = [.. merged[index].Y, .. addition.Y] };
            }
        }

        return merged;
    }

    /// <summary>The plot's layout: titles, a fixed height (the container's), the legend below the plot.</summary>
    public static PlotLayout Layout(string? title, string? xTitle, string? yTitle, int height) => new()
    {
        Title = string.IsNullOrWhiteSpace(title) ? null : new PlotTitle(title),
        XAxis = new PlotAxis(string.IsNullOrWhiteSpace(xTitle) ? null : new PlotText(xTitle)),
        YAxis = new PlotAxis(string.IsNullOrWhiteSpace(yTitle) ? null : new PlotText(yTitle)),
        Height = height,
        // Wide enough for what automargin would ask of the usual tick labels (the x axis's last label
        // overhangs the plot's right edge), so plotly does not draw the figure twice; charts.js adds a
        // legend row to B when the legend shows.
        Margin = new PlotMargin(L: 56, R: 24, T: string.IsNullOrWhiteSpace(title) ? 16 : 40, B: 48),
    };

    /// <summary>Hover shows the series' own name (its trace's meta), then its point under the axes' titles.</summary>
    public static string HoverTemplate(string? xTitle, string? yTitle) =>
        $"<b>%{{meta}}</b><br>{Label(xTitle, "x")}: %{{x}}<br>{Label(yTitle, "y")}: %{{y}}<extra></extra>";

    /// <summary>A bundle's hover names the series under the pointer: each point carries it as customdata.</summary>
    public static string BundleHoverTemplate(string? xTitle, string? yTitle) =>
        $"<b>%{{customdata}}</b><br>{Label(xTitle, "x")}: %{{x}}<br>{Label(yTitle, "y")}: %{{y}}<extra></extra>";

    private static string Label(string? title, string fallback) =>
        string.IsNullOrWhiteSpace(title) ? fallback : title;

    /// <summary>The cross and label at the last drawable point of a series with an <see cref="ChartSeries.EndLabel"/>.</summary>
    private static PlotTrace? EndMarker(ChartSeries s, double?[] x, double?[] y, string hover)
    {
        if (s.EndLabel is null)
        {
            return null;
        }

        var last = Array.FindLastIndex(y, v => v is not null);
        if (last < 0 || x[last] is null)
        {
            return null;
        }

        return new PlotTrace
        {
            Key = s.Key + "/end",
            Name = $"{s.Name}: {s.EndLabel}",
            Meta = $"{s.Name}: {s.EndLabel}",
            X = [x[last]],
            Y = [y[last]],
            Mode = "markers+text",
            Line = new PlotLine(s.Color, null),
            Marker = new PlotMarker(s.Color ?? "#d62728", 12) { Symbol = "x" },
            LegendGroup = s.Group,
            HoverTemplate = hover,
            Text = [s.EndLabel],
            TextPosition = "top center",
            ShowLegend = false,
        };
    }

    private static void Validate(ChartSeries s)
    {
        if (string.IsNullOrEmpty(s.Key))
        {
            throw new ArgumentException($"chart series '{s.Name}' has no key", nameof(s));
        }

        ArgumentNullException.ThrowIfNull(s.X);
        ArgumentNullException.ThrowIfNull(s.Y);
        if (s.X.Length != s.Y.Length)
        {
            throw new ArgumentException($"chart series '{s.Key}' has {s.X.Length} x values but {s.Y.Length} y values", nameof(s));
        }
    }

    // JSON has no NaN or infinity (serializing one throws); plotly draws null as a gap.
    private static double?[] Finite(double[] values) =>
        Array.ConvertAll(values, v => double.IsFinite(v) ? v : (double?)null);
}

/// <summary>A plotly scatter trace plus the <c>key</c> that charts.js addresses it by.</summary>
public sealed record PlotTrace
{
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("x")]
    public required double?[] X { get; init; }

    [JsonPropertyName("y")]
    public required double?[] Y { get; init; }

    [JsonPropertyName("type")]
    public string Type { get; init; } = "scatter";

    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "lines";

    [JsonPropertyName("line")]
    public PlotLine Line { get; init; } = new(null, null);

    [JsonPropertyName("marker")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PlotMarker? Marker { get; init; }

    [JsonPropertyName("legendgroup")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LegendGroup { get; init; }

    [JsonPropertyName("hovertemplate")]
    public required string HoverTemplate { get; init; }

    /// <summary>The series' own name, which the hover label shows even when the legend names its group.</summary>
    [JsonPropertyName("meta")]
    public required string Meta { get; init; }

    [JsonPropertyName("showlegend")]
    public bool ShowLegend { get; init; } = true;

    /// <summary>Per point: the name of the series it belongs to, in a bundle (null at the gaps).</summary>
    [JsonPropertyName("customdata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string?[]? CustomData { get; init; }

    [JsonPropertyName("text")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Text { get; init; }

    [JsonPropertyName("textposition")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TextPosition { get; init; }

    [JsonPropertyName("fill")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Fill { get; init; }

    [JsonPropertyName("fillcolor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FillColor { get; init; }

    [JsonPropertyName("opacity")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Opacity { get; init; }

    /// <summary>"skip": the trace takes no hover (a band).</summary>
    [JsonPropertyName("hoverinfo")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HoverInfo { get; init; }
}

public sealed record PlotLine(
    [property: JsonPropertyName("color"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color,
    [property: JsonPropertyName("dash"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Dash)
{
    [JsonPropertyName("width")]
    public double Width { get; init; } = 2;
}

public sealed record PlotMarker(
    [property: JsonPropertyName("color"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color,
    [property: JsonPropertyName("size")] double Size)
{
    /// <summary>A plotly marker symbol ("x" marks where a diverged run stopped); null: the default circle.</summary>
    [JsonPropertyName("symbol")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Symbol { get; init; }
}

/// <summary>The plotly layout of a chart; a record, so a change of titles or height is noticed by equality.</summary>
public sealed record PlotLayout
{
    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PlotTitle? Title { get; init; }

    [JsonPropertyName("xaxis")]
    public required PlotAxis XAxis { get; init; }

    [JsonPropertyName("yaxis")]
    public required PlotAxis YAxis { get; init; }

    [JsonPropertyName("height")]
    public required int Height { get; init; }

    [JsonPropertyName("autosize")]
    public bool AutoSize { get; init; } = true;

    [JsonPropertyName("margin")]
    public required PlotMargin Margin { get; init; }

    [JsonPropertyName("hovermode")]
    public string HoverMode { get; init; } = "closest";

    [JsonPropertyName("legend")]
    public PlotLegend Legend { get; init; } = new();

    // A constant uirevision keeps the user's zoom and hidden legend entries across redraws.
    [JsonPropertyName("uirevision")]
    public string UiRevision { get; init; } = "live-chart";
}

public sealed record PlotText([property: JsonPropertyName("text")] string Text);

public sealed record PlotAxis(
    [property: JsonPropertyName("title"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PlotText? Title)
{
    [JsonPropertyName("automargin")]
    public bool AutoMargin { get; init; } = true;
}

public sealed record PlotMargin(
    [property: JsonPropertyName("l")] int L,
    [property: JsonPropertyName("r")] int R,
    [property: JsonPropertyName("t")] int T,
    [property: JsonPropertyName("b")] int B);

/// <summary>The title at the top left of the plot area, clear of plotly's mode bar at the top right.</summary>
public sealed record PlotTitle([property: JsonPropertyName("text")] string Text)
{
    [JsonPropertyName("x")]
    public double X { get; init; }

    [JsonPropertyName("xref")]
    public string XRef { get; init; } = "paper";

    [JsonPropertyName("xanchor")]
    public string XAnchor { get; init; } = "left";
}

/// <summary>A horizontal legend at the bottom of the figure, below the x axis title, so the plot keeps its width with many series.</summary>
public sealed record PlotLegend
{
    [JsonPropertyName("orientation")]
    public string Orientation { get; init; } = "h";

    [JsonPropertyName("x")]
    public double X { get; init; }

    [JsonPropertyName("xanchor")]
    public string XAnchor { get; init; } = "left";

    [JsonPropertyName("y")]
    public double Y { get; init; }

    [JsonPropertyName("yref")]
    public string YRef { get; init; } = "container";

    [JsonPropertyName("yanchor")]
    public string YAnchor { get; init; } = "bottom";
}
