using Ablation.Dashboard.Components.Controls;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Analysis;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Dashboard.Components.Results;

/// <summary>
/// The series of one results chart (one facet): each run's curve, or each cell's mean with a
/// shaded band (and its runs on demand), smoothed on the full series and thinned for display.
/// Plain data, so what the chart holds is tested without a browser.
/// </summary>
public static class CurveSeriesBuilder
{
    /// <summary>Past this many lines a legend entry per line buries the plot: one entry per colour value instead.</summary>
    public const int LegendPerLineLimit = 12;

    /// <param name="colorAxis">The axis that picks each line's colour, or null.</param>
    /// <param name="facet">Only runs with this value of <paramref name="facetAxis"/>; null: all runs.</param>
    public static IReadOnlyList<ChartSeries> Build(StudyResults results, CurveOptions options, ResultAxis? colorAxis, string? facetAxis, string? facet)
    {
        var parts = options.Curve.Split('/');
        var key = new SeriesKey(parts[0], parts.Length > 1 ? parts[1] : "");
        bool InFacet(IReadOnlyDictionary<string, string> cell) => facet is null || facetAxis is null || cell.GetValueOrDefault(facetAxis) == facet;

        var series = new List<ChartSeries>();
        if (options.Aggregate)
        {
            var curves = StudyAnalysis.For(results).Curves(key, options.Smoothing).Where(c => InFacet(c.Cell.Values)).ToList();
            AddCells(series, curves, options.Band, colorAxis);
        }

        if (!options.Aggregate || options.ShowRuns)
        {
            var runs = results.Runs.Where(r => InFacet(r.Cell)).ToList();
            AddRuns(series, results, runs, key, options, colorAxis);
        }

        return series;
    }

    private static void AddCells(List<ChartSeries> series, List<AggregatedCurve> curves, BandMode band, ResultAxis? colorAxis)
    {
        var groupLegend = colorAxis is not null && curves.Count > LegendPerLineLimit;
        var displays = curves.Select((c, i) => (Curve: c, Display: c.ForDisplay(band), Color: Color(colorAxis, c.Cell.Values, i))).ToList();

        // Bands first, so the means draw over them. One band trace per legend group: a cell's own
        // with few cells, a colour value's (its cells' bands as separate shapes) with many, so a
        // study of hundreds of cells draws a handful of band traces.
        foreach (var group in displays.GroupBy(d => groupLegend ? ColorValue(colorAxis, d.Curve.Cell.Values) ?? d.Curve.Cell.Label : d.Curve.Cell.Label))
        {
            var (x, y) = (new List<double>(), new List<double>());
            foreach (var (_, display, _) in group)
            {
                if (x.Count > 0)
                {
                    x.Add(double.NaN); // a gap: each cell's band is its own closed shape
                    y.Add(double.NaN);
                }

                x.AddRange(display.X);
                x.AddRange(Enumerable.Reverse(display.X));
                y.AddRange(display.Upper);
                y.AddRange(Enumerable.Reverse(display.Lower));
            }

            var color = group.First().Color;
            series.Add(new ChartSeries($"band/{group.Key}", $"{group.Key} band", [.. x], [.. y])
            {
                Fill = "toself",
                FillColor = ChartPalette.Translucent(color, 0.2),
                LineWidth = 0,
                Color = color,
                Group = GroupOf(colorAxis, group.First().Curve.Cell.Values, group.Key, groupLegend),
                ShowInLegend = false,
                HoverSkip = true,
            });
        }

        foreach (var (curve, display, color) in displays)
        {
            var cell = curve.Cell;
            var notes = new List<string> { $"n={curve.Runs}" };
            if (cell.Diverged > 0)
            {
                notes.Add($"{cell.Diverged} diverged");
            }

            if (cell.Failed > 0)
            {
                notes.Add($"{cell.Failed} failed");
            }

            series.Add(new ChartSeries($"cell/{cell.Label}", $"{cell.Label} ({string.Join(", ", notes)})", display.X, display.Y)
            {
                Color = color,
                Group = GroupOf(colorAxis, cell.Values, cell.Label, groupLegend),
                LegendName = groupLegend ? GroupOf(colorAxis, cell.Values, cell.Label, true) : null,
                // ... and one plotly trace per colour value: drawing 200 traces costs seconds, a handful does not.
                Bundle = groupLegend ? GroupOf(colorAxis, cell.Values, cell.Label, true) : null,
                Markers = display.X.Length < 30,
            });
        }
    }

    private static void AddRuns(List<ChartSeries> series, StudyResults results, List<RunResult> runs, SeriesKey key, CurveOptions options, ResultAxis? colorAxis)
    {
        var groupLegend = colorAxis is not null && runs.Count > LegendPerLineLimit;
        foreach (var run in runs)
        {
            if (CurveAggregator.RunCurve(results, run.Id, key, options.Smoothing) is not { } curve)
            {
                continue;
            }

            var colorValue = ColorValue(colorAxis, run.Cell);
            series.Add(new ChartSeries($"run-{run.Id}", $"#{run.Id} {run.Label} (seed {run.Seed}){(run.IsFailure ? $" [{run.Status.ToString().ToLowerInvariant()}]" : "")}", curve.X, curve.Y)
            {
                Color = Color(colorAxis, run.Cell, run.Id),
                Group = colorValue is null ? null : $"{colorAxis!.Name}={colorValue}",
                LegendName = groupLegend && colorValue is not null ? $"{colorAxis!.Name}={colorValue}" : null,
                Bundle = groupLegend && colorValue is not null ? $"runs/{colorAxis!.Name}={colorValue}{(run.IsFailure ? "/unfinished" : "")}" : null,
                // Beside their cells' means the single runs are faded and out of the legend.
                ShowInLegend = !options.Aggregate,
                Opacity = options.Aggregate ? 0.35 : null,
                LineWidth = options.Aggregate ? 1 : null,
                Dash = run.IsFailure ? "dot" : null,
                Markers = curve.X.Length < 30 && !options.Aggregate,
                EndLabel = run.Status == RunStatus.Diverged ? "diverged" : null,
            });
        }
    }

    private static string? ColorValue(ResultAxis? colorAxis, IReadOnlyDictionary<string, string> cell) =>
        colorAxis is null ? null : cell.GetValueOrDefault(colorAxis.Name);

    private static string Color(ResultAxis? colorAxis, IReadOnlyDictionary<string, string> cell, int fallback)
    {
        var value = ColorValue(colorAxis, cell);
        var index = colorAxis is null || value is null ? fallback : Math.Max(0, colorAxis.Values.ToList().IndexOf(value));
        return ChartPalette.At(index);
    }

    private static string GroupOf(ResultAxis? colorAxis, IReadOnlyDictionary<string, string> cell, string label, bool byColor) =>
        byColor && ColorValue(colorAxis, cell) is { } value ? $"{colorAxis!.Name}={value}" : label;
}
