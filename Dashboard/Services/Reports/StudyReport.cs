using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Contracts.Metrics;
using Ablation.Dashboard.Components.Controls;
using Ablation.Dashboard.Components.Results;
using Ablation.Dashboard.Services.Analysis;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Dashboard.Services.Reports;

/// <summary>
/// A study as one HTML file that opens offline: plotly.js inlined, the curves (aggregated by cell
/// when cells have repeats), the effects with their verdicts, forest, interaction and
/// parallel-coordinates plots, the pivot, the final-metrics table and every spec. Built from the
/// same results, analysis and figure code as the results page, so the file says what the page says.
/// </summary>
public static class StudyReport
{
    private static readonly JsonSerializerOptions _json = new(); // the default encoder escapes <, > and &: safe inside <script>

    /// <summary>The report's HTML.</summary>
    /// <param name="plotlyJs">plotly.min.js, inlined so the file needs no network.</param>
    /// <param name="runSpecs">Each run's resolved spec (JSON), by run id.</param>
    public static string Build(StudyResults results, StudySpec spec, IReadOnlyDictionary<int, string> runSpecs, string plotlyJs, DateTimeOffset generatedAt)
    {
        var table = ResultsTable.Build(results);
        var analysis = StudyAnalysis.For(results);
        var figures = new List<(string Id, PlotFigureData Figure, int Height)>();
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(results.Name)} · Ablation Dashboard report</title>
            <style>{Css}</style>
            </head>
            <body>
            <h1>{E(results.Name)}</h1>
            """);
        if (!string.IsNullOrWhiteSpace(results.Description))
        {
            html.Append($"<p>{E(results.Description)}</p>");
        }

        var byStatus = results.Runs.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        html.Append($"""
            <p class="muted">Data set {E(results.Dataset)} · {results.Runs.Count} runs ({E(string.Join(", ", byStatus))}) ·
            report generated {E(generatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))} by Ablation Dashboard; opens offline.</p>
            """);

        // Curves: the study's headline metrics, one chart each.
        html.Append("<h2>Curves</h2>");
        var colorAxis = results.Axes.Count > 0 ? results.Axes[0] : null;
        var aggregate = analysis.HasRepeats;
        string[] curves = [ResultCurves.Default(table.IsRegression), ResultCurves.Of(Split.Validation, Metric.Loss), ResultCurves.Of(Split.Train, Metric.Loss)];
        html.Append(aggregate
            ? $"<p class=\"muted\">Mean of each cell's runs with a band of ± one standard deviation; coloured by {E(colorAxis?.Name ?? "cell")}.</p>"
            : $"<p class=\"muted\">One line per run; coloured by {E(colorAxis?.Name ?? "run")}.</p>");
        html.Append("<div class=\"charts\">");
        foreach (var curve in curves)
        {
            var options = aggregate ? new CurveOptions(curve, Aggregate: true, BandMode.StdDev, ShowRuns: false, Smoothing.None) : CurveOptions.Runs(curve);
            var series = CurveSeriesBuilder.Build(results, options, colorAxis, null, null);
            if (series.Count == 0)
            {
                continue;
            }

            var traces = JsonSerializer.SerializeToNode(ChartPayload.Traces(series, "epoch", curve))!.AsArray().Select(t => t!.AsObject()).ToList();
            var layout = JsonSerializer.SerializeToNode(ChartPayload.Layout(curve, "epoch", curve, 340))!.AsObject();
            Figure(html, figures, $"curve-{figures.Count}", new PlotFigureData(traces, layout), 340);
        }

        html.Append("</div>");

        // Effects of every axis on the headline metric.
        if (analysis.Metrics.Contains(table.Best.Metric) && analysis.Effects(table.Best.Metric) is { Axes.Count: > 0 } effects)
        {
            AppendEffects(html, figures, analysis, effects);
        }

        if (results.Axes.Count >= 2)
        {
            AppendPivot(html, PivotTable.Build(results, results.Axes[0].Name, results.Axes[1].Name, table.Best.Metric));
        }

        if (results.Axes.Count > 0 && EpochTimeComparison.Build(results, results.Axes[0].Name) is { Count: > 0 } times)
        {
            html.Append("<h2>Time per epoch</h2>");
            Figure(html, figures, "epoch-time", EpochTimeFigure.For(times, results.Axes[0].Name), 340);
        }

        AppendTable(html, table);

        html.Append("<h2>Specs</h2><details open><summary>The study (YAML, as exported from the dashboard)</summary>");
        html.Append($"<pre>{E(StudySpecFile.ToYaml(spec))}</pre></details>");
        html.Append("<details><summary>The resolved run spec of every run</summary>");
        foreach (var run in results.Runs)
        {
            html.Append($"<h3>#{run.Id} {E(run.Label)} (seed {run.Seed})</h3><pre>{E(runSpecs.GetValueOrDefault(run.Id))}</pre>");
        }

        html.Append("</details>");
        AppendScripts(html, figures, plotlyJs);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendEffects(StringBuilder html, List<(string, PlotFigureData, int)> figures, StudyAnalysis analysis, StudyEffects effects)
    {
        html.Append($"<h2>Effects on {E(VerdictWriter.Readable(effects.Metric))}</h2>");
        html.Append($"<p class=\"muted\">Marginal mean: the mean of the cell means at a level, with its 95% interval. Difference: from the baseline level over the cells both share, 95% Welch interval; p is Welch's, or a permutation test's where a side has fewer than {EffectsAnalysis.MinWelchRuns} runs. Only succeeded runs count.</p>");
        html.Append("<ul class=\"verdicts\">");
        foreach (var level in effects.Axes.SelectMany(a => a.Levels).Where(l => l.Verdict is not null))
        {
            html.Append($"<li class=\"{level.Verdict!.Kind.ToString().ToLowerInvariant()}\">{E(level.Verdict.Text)}</li>");
        }

        html.Append("</ul>");
        foreach (var axis in effects.Axes)
        {
            html.Append($"<h3>{E(axis.Axis)} <span class=\"muted\">(baseline {E(axis.Baseline)})</span></h3>");
            html.Append($"<table class=\"effects\" data-axis=\"{E(axis.Axis)}\"><thead><tr><th>level</th><th>marginal mean [95% CI]</th><th>difference [95% CI]</th><th>p</th><th>n</th></tr></thead><tbody>");
            foreach (var level in axis.Levels)
            {
                var marginal = level.Marginal is { } m ? $"{EffectsFigures.Value(m.Mean, effects.Metric)} {EffectsFigures.Interval(m.Ci, effects.Metric)}" : "–";
                var (scale, unit) = VerdictWriter.Units(effects.Metric);
                var difference = level.Comparison is { } c
                    ? VerdictWriter.Signed(c.Difference * scale, scale) + unit + (c.Ci is { } ci ? $" [{VerdictWriter.Signed(ci.Low * scale, scale)}, {VerdictWriter.Signed(ci.High * scale, scale)}]" : "")
                    : "";
                var p = level.Comparison is { } cp ? VerdictWriter.PValue(cp.P) : "";
                var n = (level.Marginal?.Runs ?? 0).ToString(CultureInfo.InvariantCulture)
                    + (level.Diverged > 0 ? $" ({level.Diverged} diverged)" : "") + (level.Failed > 0 ? $" ({level.Failed} failed)" : "");
                html.Append($"<tr><th>{E(level.Level)}{(level.IsBaseline ? " (baseline)" : "")}</th><td>{E(marginal)}</td><td>{E(difference)}</td><td>{E(p)}</td><td>{E(n)}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        Figure(html, figures, "forest", EffectsFigures.Forest(effects), EffectsFigures.ForestHeight(effects));
        foreach (var plot in analysis.Interactions(effects.Metric))
        {
            Figure(html, figures, $"interaction-{figures.Count}", EffectsFigures.Interaction(plot, effects.Metric), 320);
        }

        if (analysis.ParallelCoordinates(effects.Metric) is { } parallel)
        {
            Figure(html, figures, "parallel", EffectsFigures.Parallel(parallel), 360);
        }
    }

    private static void AppendPivot(StringBuilder html, PivotTable pivot)
    {
        html.Append($"<h2>{E(pivot.Metric)}: {E(pivot.RowAxis)} × {E(pivot.ColumnAxis)}</h2><p class=\"muted\">Mean ± std (n) over the succeeded runs of each cell and the other axes.</p>");
        html.Append($"<table class=\"pivot\"><thead><tr><th>{E(pivot.RowAxis)} \\ {E(pivot.ColumnAxis)}</th>");
        foreach (var column in pivot.Columns)
        {
            html.Append($"<th>{E(column)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        for (var r = 0; r < pivot.Rows.Count; r++)
        {
            html.Append($"<tr><th>{E(pivot.Rows[r])}</th>");
            for (var c = 0; c < pivot.Columns.Count; c++)
            {
                var cell = pivot[r, c];
                var text = cell.Mean is { } mean
                    ? mean.ToString("0.0000", CultureInfo.InvariantCulture) + (cell.StdDev is { } sd ? $" ± {sd.ToString("0.0000", CultureInfo.InvariantCulture)}" : "") + $" (n={cell.N})"
                    : "–";
                text += cell.Failures > 0 ? $" · {cell.Failures} failed or diverged" : "";
                html.Append($"<td class=\"{(cell.IsBest ? "best" : "")}\">{E(text)}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void AppendTable(StringBuilder html, ResultsTable table)
    {
        html.Append("<h2>Final metrics</h2><table class=\"results\"><thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append($"<th>{E(column.Title)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append($"<tr class=\"{(row.IsBest ? "best" : "")}\">");
            foreach (var column in table.Columns)
            {
                html.Append($"<td>{E(CsvExport.Format(column.ValueOf(row)))}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void Figure(StringBuilder html, List<(string, PlotFigureData, int)> figures, string id, PlotFigureData figure, int height)
    {
        html.Append($"<div class=\"figure\" id=\"{id}\" style=\"height:{height}px\"></div>");
        figures.Add((id, figure, height));
    }

    // The figures as JSON and the few lines that draw them, after plotly itself.
    private static void AppendScripts(StringBuilder html, List<(string Id, PlotFigureData Figure, int Height)> figures, string plotlyJs)
    {
        var data = new JsonArray([.. figures.Select(f =>
        {
            var layout = f.Figure.Layout.DeepClone().AsObject();
            layout["height"] = f.Height;
            return (JsonNode)new JsonObject { ["id"] = f.Id, ["traces"] = new JsonArray([.. f.Figure.Traces.Select(t => t.DeepClone())]), ["layout"] = layout };
        })]);
        html.Append("<script>").Append(InlineScript(plotlyJs)).Append("</script>\n");
        html.Append("<script id=\"figures\" type=\"application/json\">").Append(data.ToJsonString(_json)).Append("</script>\n");
        html.Append("""
            <script>
            for (const f of JSON.parse(document.getElementById('figures').textContent)) {
              const traces = f.traces.map(({ key, ...t }) => ({ ...t, uid: key }));
              Plotly.newPlot(f.id, traces, f.layout, { responsive: true, displaylogo: false });
            }
            </script>
            """);
    }

    /// <summary>Script text that cannot end its script element early.</summary>
    private static string InlineScript(string js) =>
        js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase).Replace("<!--", "<\\!--", StringComparison.Ordinal);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private const string Css = """
        body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
        .muted { color: #666; }
        table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
        th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; }
        tr.best, td.best { background: #e3f6e8; font-weight: 600; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; }
        .figure { width: 100%; }
        ul.verdicts li.hurts { color: #b3261e; }
        ul.verdicts li.helps { color: #1e7b34; }
        pre { background: #f6f6f6; padding: 0.5rem; overflow-x: auto; font-size: 0.8rem; }
        """;
}
