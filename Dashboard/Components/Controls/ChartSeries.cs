namespace Ablation.Dashboard.Components.Controls;

/// <summary>
/// One curve of a <see cref="LiveChart"/>: points (<see cref="X"/>[i], <see cref="Y"/>[i]) under a
/// stable <see cref="Key"/> that later appends address (for example <c>run-3/val/accuracy</c>).
/// <see cref="Name"/> is what the legend and the hover label show. A non-finite value (a diverged
/// loss) is drawn as a gap.
/// </summary>
public sealed record ChartSeries(string Key, string Name, double[] X, double[] Y)
{
    /// <summary>A CSS colour (<c>#1f77b4</c>, <c>rgb(…)</c>); null lets plotly pick from its palette.</summary>
    public string? Color { get; init; }

    /// <summary>The legend group: series of one group toggle together from the legend (say, a run's train and validation curves).</summary>
    public string? Group { get; init; }

    /// <summary>A plotly dash style: <c>solid</c>, <c>dot</c>, <c>dash</c>, <c>longdash</c>, <c>dashdot</c>, <c>longdashdot</c>.</summary>
    public string? Dash { get; init; }

    /// <summary>
    /// The legend entry to show instead of <see cref="Name"/>: series that share it share one entry
    /// (the first one's), say "bn=on" for 50 runs. The hover label still names the series itself.
    /// </summary>
    public string? LegendName { get; init; }

    /// <summary>False keeps the series out of the legend (a marker added to a run already listed).</summary>
    public bool ShowInLegend { get; init; } = true;

    /// <summary>Draws a marker at every point too, so a series of one point (a first epoch) is visible.</summary>
    public bool Markers { get; init; }

    /// <summary>
    /// A label at the series' last point, drawn with a cross (say "diverged" where a run's loss
    /// became NaN): a separate trace keyed <c>KEY/end</c>, in the series' legend group.
    /// </summary>
    public string? EndLabel { get; init; }

    /// <summary>
    /// Series with the same bundle are drawn as one plotly trace, their lines separated by gaps, the
    /// hover still naming each series. For a static chart of many series (a results page of 100
    /// runs): plotly's cost grows with traces far more than with points. Bundled series cannot be
    /// appended to or hidden one by one (their legend entry toggles the whole bundle).
    /// </summary>
    public string? Bundle { get; init; }

    /// <summary>
    /// A plotly fill: <c>toself</c> closes the series into a shape (a band drawn as its upper edge
    /// then its lower edge backwards; each stretch between gaps is its own shape). Null: no fill.
    /// </summary>
    public string? Fill { get; init; }

    /// <summary>The fill's CSS colour, usually translucent (<c>rgba(31,119,180,0.2)</c>).</summary>
    public string? FillColor { get; init; }

    /// <summary>The line's width in pixels; 0 draws no line (a band's edges). Null: the default 2.</summary>
    public double? LineWidth { get; init; }

    /// <summary>The trace's opacity in [0, 1] (single runs faded behind their cell's mean); null: opaque.</summary>
    public double? Opacity { get; init; }

    /// <summary>No hover label (a band: its mean line carries the hover).</summary>
    public bool HoverSkip { get; init; }
}
