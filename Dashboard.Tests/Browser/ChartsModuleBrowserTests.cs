using System.Text.Json;
using Ablation.Dashboard.Components.Controls;
using Ablation.Tests.Training;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// wwwroot/js/charts.js against the real plotly.js in Chromium, on a div of the dashboard's page:
/// traces are addressed by key, extended in place, and the C# payloads draw what they mean.
/// </summary>
[Collection(TorchCollection.Name)] // the dashboard runs the scheduler, which starts workers
public sealed class ChartsModuleBrowserTests(DashboardBrowser browser, ITestOutputHelper output) : IClassFixture<DashboardBrowser>
{
    private const string Module = "./js/charts.js";

    // A fresh 600×300 div at the end of the body, outside anything Blazor renders.
    private const string NewPlot =
        "(() => { const el = document.createElement('div'); el.style.width = '600px'; el.style.height = '300px'; document.body.appendChild(el); return el; })()";

    [Fact]
    public Task Extend_appends_to_traces_by_key_and_adds_new_keys_at_the_end() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts) => {
              const el = {{NewPlot}};
              await charts.draw(el, [
                { key: 'run-1/loss', name: 'run 1', x: [1, 2], y: [0.9, 0.7] },
                { key: 'run-2/loss', name: 'run 2', x: [1, 2], y: [0.8, 0.6] },
              ], { title: { text: 'loss' } });
              await charts.extend(el, [
                { key: 'run-2/loss', x: [3], y: [0.5] },
                { key: 'run-3/loss', name: 'run 3', x: [1], y: [0.95] },
                { key: 'run-1/loss', x: [3, 4], y: [0.6, 0.5] },
              ]);
              return {
                lengths: el.data.map(t => t.x.length),
                names: el.data.map(t => t.name),
                keys: charts.keysOf(el),
                last: el.data[0].y[3],
              };
            }
            """);

        Assert.Equal([4, 3, 1], result.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["run 1", "run 2", "run 3"], result.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, result.GetProperty("keys").GetProperty("run-3/loss").GetInt32());
        Assert.Equal(0.5, result.GetProperty("last").GetDouble());
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task WholeX_ticks_whole_numbers_only_and_widens_the_step_as_epochs_arrive() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts) => {
              const el = {{NewPlot}};
              const ticks = () => [...el.querySelectorAll('.xtick text')].map(t => t.textContent);
              await charts.draw(el, [{ key: 'run-1', name: 'run 1', x: [1, 2], y: [0.8, 0.85] }], { xaxis: { title: { text: 'epoch' } } }, null, { wholeX: true });
              const two = { step: el.layout.xaxis.dtick, ticks: ticks() };
              await charts.extend(el, [{ key: 'run-1', x: [...Array(38).keys()].map(i => i + 3), y: Array(38).fill(0.9) }]);
              const forty = { step: el.layout.xaxis.dtick, ticks: ticks() };
              const plain = {{NewPlot}};
              await charts.draw(plain, [{ key: 'run-1', name: 'run 1', x: [1, 2], y: [0.8, 0.85] }], {});
              return { two, forty, plain: plain.layout.xaxis.dtick ?? null, steps: [charts.wholeStep(1, 1), charts.wholeStep(1, 9), charts.wholeStep(1, 10), charts.wholeStep(0, 1000)] };
            }
            """);

        // Two epochs: ticks at 1 and 2, none at 1.5.
        Assert.Equal(1, result.GetProperty("two").GetProperty("step").GetInt32());
        var two = result.GetProperty("two").GetProperty("ticks").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Contains("1", two);
        Assert.Contains("2", two);
        Assert.All(two, t => Assert.DoesNotContain(".", t));
        // Forty: a step of 5, whole ticks still.
        Assert.Equal(5, result.GetProperty("forty").GetProperty("step").GetInt32());
        Assert.All(result.GetProperty("forty").GetProperty("ticks").EnumerateArray(), t => Assert.Equal(0, int.Parse(t.GetString()!) % 5));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("plain").ValueKind); // other charts keep plotly's own ticks
        Assert.Equal([1, 1, 2, 200], result.GetProperty("steps").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Remove_takes_traces_off_by_key_and_the_others_keep_theirs_whatever_the_keys_hold() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts) => {
              const el = {{NewPlot}};
              await charts.draw(el, [
                { key: 'run-1', name: 'run 1', x: [1], y: [0.9] },
                { key: 'run-2', name: 'run 2', x: [1], y: [0.8] },
                { key: 'run-2/diverged', name: 'run 2', x: [1], y: [0.8] },
                { key: 'run-3', name: 'run 3', x: [1], y: [0.7] },
              ], {});
              await charts.remove(el, ['run-2', 'run-2/diverged', 'run-9']);
              // Keys any text at all (a cell's label): a redraw without one takes it off as well.
              const cells = {{NewPlot}};
              await charts.draw(cells, [{ key: 'cell/lr=0.01, bn=on', name: 'a', x: [1], y: [1] }, { key: 'cell/lr=0.1, bn=on', name: 'b', x: [1], y: [2] }], {});
              await charts.draw(cells, [{ key: 'cell/lr=0.1, bn=on', name: 'b', x: [1], y: [2] }], {});
              await charts.remove(cells, ['cell/lr=0.1, bn=on']);
              await charts.extend(el, [{ key: 'run-3', x: [2], y: [0.6] }, { key: 'run-4', name: 'run 4', x: [1], y: [0.5] }]);
              await charts.remove({{NewPlot}}, ['run-1']); // nothing drawn there: nothing to do
              return { names: el.data.map(t => t.name), lengths: el.data.map(t => t.x.length), keys: charts.keysOf(el), cells: cells.data.length };
            }
            """);

        Assert.Equal(["run 1", "run 3", "run 4"], result.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([1, 2, 1], result.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([("run-1", 0), ("run-3", 1), ("run-4", 2)], result.GetProperty("keys").EnumerateObject().Where(k => !k.Name.StartsWith('$')).Select(k => (k.Name, k.Value.GetInt32())).OrderBy(k => k.Item2));
        Assert.Equal(0, result.GetProperty("cells").GetInt32());
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Fitted_ranges_show_every_point_follow_new_ones_and_leave_a_zoom_alone() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts) => {
              const el = {{NewPlot}};
              await charts.draw(el, [
                { key: 'a', name: 'a', mode: 'lines', x: [1, 2, null, 1, 2], y: [0.5, 0.7, null, 0.6, 0.9] },
                { key: 'b', name: 'b', mode: 'lines', x: [1, 2], y: [0.4, 0.8] },
              ], {}, null, { fitRanges: true });
              const drawn = { x: [...el.layout.xaxis.range], y: [...el.layout.yaxis.range], auto: el.layout.yaxis.autorange };
              const marked = {{NewPlot}};
              await charts.draw(marked, [{ key: 'm', name: 'm', x: [1, 2, 3], y: [1, 2, 3] }], {}, null, { fitRanges: true }); // markers: plotly's default below 20 points
              await charts.extend(el, [{ key: 'b', x: [3], y: [1.4] }]);
              const followed = { x: [...el.layout.xaxis.range], y: [...el.layout.yaxis.range] };
              await Plotly.relayout(el, { 'xaxis.range': [1.5, 2.5] }); // the user zooms
              await charts.extend(el, [{ key: 'b', x: [4], y: [2.0] }]);
              return { drawn, followed, zoomed: [...el.layout.xaxis.range], marked: [...marked.layout.xaxis.range] };
            }
            """);

        // y: 0.4 to 0.9 padded by 5% of 0.5; x exactly the points'.
        Assert.Equal([1.0, 2.0], result.GetProperty("drawn").GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0.375, 0.925], result.GetProperty("drawn").GetProperty("y").EnumerateArray().Select(e => Math.Round(e.GetDouble(), 6)));
        Assert.False(result.GetProperty("drawn").GetProperty("auto").GetBoolean());
        Assert.Equal([1.0, 3.0], result.GetProperty("followed").GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0.35, 1.45], result.GetProperty("followed").GetProperty("y").EnumerateArray().Select(e => Math.Round(e.GetDouble(), 6)));
        Assert.Equal([1.5, 2.5], result.GetProperty("zoomed").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0.96, 3.04], result.GetProperty("marked").EnumerateArray().Select(e => Math.Round(e.GetDouble(), 6))); // room for the edge markers
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Parallel_coordinates_draw_with_the_full_bundle_and_the_page_keeps_its_own() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts) => {
              const lines = {{NewPlot}};
              await charts.draw(lines, [{ key: 'a', name: 'a', x: [1, 2], y: [1, 2] }], {});
              const before = window.Plotly;
              const coords = {{NewPlot}};
              await charts.draw(coords, [{ key: 'p', type: 'parcoords', dimensions: [{ label: 'x', values: [1, 2] }, { label: 'y', values: [3, 4] }] }], {});
              await charts.extend(lines, [{ key: 'a', x: [3], y: [3] }]);
              return {
                pageHasParcoords: 'parcoords' in (window.Plotly.PlotSchema.get().traces),
                same: before === window.Plotly,
                coordsType: coords._fullData?.[0]?.type,
                coordsVisible: coords._fullData?.[0]?.visible,
                lines: lines.data[0].x.length,
                scripts: [...document.querySelectorAll('script[src*="plotly"]')].map(s => s.getAttribute('src').split('/').pop()),
              };
            }
            """);

        Assert.False(result.GetProperty("pageHasParcoords").GetBoolean());
        Assert.True(result.GetProperty("same").GetBoolean());
        Assert.Equal("parcoords", result.GetProperty("coordsType").GetString()); // drawn by plotly as parcoords, not dropped as unknown
        Assert.True(result.GetProperty("coordsVisible").GetBoolean());
        Assert.Equal(3, result.GetProperty("lines").GetInt32());
        Assert.Contains("plotly.min.js", result.GetProperty("scripts").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Box_plots_and_heatmaps_draw_with_the_cartesian_bundle_and_lines_with_the_page_s_basic_one() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts) => {
              const lines = {{NewPlot}};
              await charts.draw(lines, [{ key: 'a', name: 'a', x: [1, 2], y: [1, 2] }, { key: 'b', type: 'bar', x: [1, 2], y: [2, 1] }], {});
              const box = {{NewPlot}};
              await charts.draw(box, [{ key: 'e', type: 'box', y: [1, 2, 3, 4] }], {});
              const heat = {{NewPlot}};
              await charts.draw(heat, [{ key: 'h', type: 'heatmap', z: [[1, 2], [3, 4]] }], {});
              const scripts = () => [...document.querySelectorAll('script[src*="plotly"]')].map(s => s.getAttribute('src').split('/').pop());
              return {
                pageHasBox: 'box' in window.Plotly.PlotSchema.get().traces,
                pageHasBar: 'bar' in window.Plotly.PlotSchema.get().traces,
                types: [lines, box, heat].map(e => e._fullData.map(t => t.type + ':' + t.visible).join(',')),
                scripts: scripts(),
              };
            }
            """);

        Assert.False(result.GetProperty("pageHasBox").GetBoolean()); // the page's bundle is the basic one
        Assert.True(result.GetProperty("pageHasBar").GetBoolean());
        Assert.Equal(["scatter:true,bar:true", "box:true", "heatmap:true"], result.GetProperty("types").EnumerateArray().Select(e => e.GetString()));
        var scripts = result.GetProperty("scripts").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("plotly-cartesian.min.js", scripts);
        Assert.DoesNotContain("plotly.min.js", scripts); // the full bundle only for what the cartesian one lacks
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task A_redraw_replaces_the_traces_and_their_keys() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts) => {
              const el = {{NewPlot}};
              await charts.draw(el, [{ key: 'a', name: 'a', x: [1], y: [1] }, { key: 'b', name: 'b', x: [1], y: [2] }], {});
              await charts.draw(el, [{ key: 'b', name: 'b', x: [1, 2], y: [2, 3] }], {});
              await charts.extend(el, [{ key: 'b', x: [3], y: [4] }]);
              return { count: el.data.length, length: el.data[0].x.length, keys: Object.keys(charts.keysOf(el)) };
            }
            """);

        Assert.Equal(1, result.GetProperty("count").GetInt32());
        Assert.Equal(3, result.GetProperty("length").GetInt32());
        Assert.Equal(["b"], result.GetProperty("keys").EnumerateArray().Select(e => e.GetString()));
    });

    [Fact]
    public Task Relayout_changes_the_titles_and_keeps_the_extended_data() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts) => {
              const el = {{NewPlot}};
              await charts.draw(el, [{ key: 'a', name: 'a', x: [1], y: [1] }], { title: { text: 'before' } });
              await charts.extend(el, [{ key: 'a', x: [2, 3], y: [2, 3] }]);
              await charts.relayout(el, { title: { text: 'after' }, height: 250 });
              await charts.extend(el, [{ key: 'a', x: [4], y: [4] }]);
              return { title: el._fullLayout.title.text, height: el._fullLayout.height, length: el.data[0].x.length };
            }
            """);

        Assert.Equal("after", result.GetProperty("title").GetString());
        Assert.Equal(250, result.GetProperty("height").GetInt32());
        Assert.Equal(4, result.GetProperty("length").GetInt32());
    });

    [Fact]
    public Task The_CSharp_payload_draws_names_gaps_titles_and_a_hover_naming_the_series() => browser.RunAsync(output, async page =>
    {
        var traces = ChartPayload.Traces(
        [
            new ChartSeries("run-1/val", "bn=off, dropout=0.3", [1, 2, 3], [0.5, double.NaN, 0.7]) { Color = "#d62728", Dash = "dot", Group = "run-1", Markers = true },
        ], xTitle: "epoch", yTitle: "accuracy");
        var layout = ChartPayload.Layout("validation accuracy", "epoch", "accuracy", 300);
        var payload = JsonSerializer.Serialize(new { traces, layout }, ChartPayloadTests.BlazorJson);
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts, json) => {
              const { traces, layout } = JSON.parse(json);
              const el = {{NewPlot}};
              await charts.draw(el, traces, layout);
              Plotly.Fx.hover(el, [{ curveNumber: 0, pointNumber: 2 }]);
              const full = el._fullData[0];
              return {
                name: full.name,
                gap: el.data[0].y[1],
                color: full.line.color,
                dash: full.line.dash,
                group: full.legendgroup,
                mode: full.mode,
                title: el._fullLayout.title.text,
                xTitle: el._fullLayout.xaxis.title.text,
                hover: el.querySelector('.hoverlayer')?.textContent ?? '',
              };
            }
            """, payload);

        Assert.Equal("bn=off, dropout=0.3", result.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("gap").ValueKind);
        Assert.Equal("#d62728", result.GetProperty("color").GetString());
        Assert.Equal("dot", result.GetProperty("dash").GetString());
        Assert.Equal("run-1", result.GetProperty("group").GetString());
        Assert.Equal("lines+markers", result.GetProperty("mode").GetString());
        Assert.Equal("validation accuracy", result.GetProperty("title").GetString());
        Assert.Equal("epoch", result.GetProperty("xTitle").GetString());
        var hover = result.GetProperty("hover").GetString();
        Assert.Contains("bn=off, dropout=0.3", hover);
        Assert.Contains("accuracy: 0.7", hover);
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task The_CSharp_layout_leaves_room_for_labels_and_legend_so_automargin_does_not_draw_twice() => browser.RunAsync(output, async page =>
    {
        // The results chart's shape: epochs 1..50 on x, accuracies on y, two legend entries; and one
        // trace, which plotly gives a legend too because the payload asks for it (showlegend: true); and
        // one out of the legend, which gets no legend row.
        var x = Enumerable.Range(1, 50).Select(i => (double)i).ToArray();
        var two = ChartPayload.Traces(
        [
            new ChartSeries("on", "bn=on", x, [.. x.Select(e => 0.5 + (e / 200))]),
            new ChartSeries("off", "bn=off", x, [.. x.Select(e => 0.4 + (e / 200))]),
        ], xTitle: "epoch", yTitle: "val/accuracy");
        var one = ChartPayload.Traces([new ChartSeries("on", "bn=on", x, [.. x.Select(e => 0.5 + (e / 200))])], xTitle: "epoch", yTitle: "val/accuracy");
        var none = ChartPayload.Traces([new ChartSeries("on", "bn=on", x, [.. x.Select(e => 0.5 + (e / 200))]) { ShowInLegend = false }], xTitle: "epoch", yTitle: "val/accuracy");
        var layout = ChartPayload.Layout("val/accuracy", "epoch", "val/accuracy", 320);
        var payload = JsonSerializer.Serialize(new { two, one, none, layout }, ChartPayloadTests.BlazorJson);
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts, json) => {
              const { two, one, none, layout } = JSON.parse(json);
              const sizes = [];
              for (const traces of [two, one, none]) {
                const el = {{NewPlot}};
                el.style.width = '900px';
                await charts.draw(el, traces, layout, null, { fitRanges: true });
                const legend = el.querySelector('.legend')?.getBoundingClientRect();
                const xTitle = el.querySelector('.g-xtitle')?.getBoundingClientRect();
                sizes.push({
                  asked: el.layout.margin,
                  size: el._fullLayout._size,
                  legendBelowTitle: legend && xTitle ? legend.top >= xTitle.bottom - 1 : null,
                });
              }
              return sizes;
            }
            """, payload);

        foreach (var (chart, legend) in result.EnumerateArray().Zip([true, true, false]))
        {
            var asked = chart.GetProperty("asked");
            var size = chart.GetProperty("size");
            // Margins as asked: automargin found them wide enough and did not push (and redraw).
            foreach (var side in new[] { "l", "r", "t", "b" })
            {
                Assert.Equal(asked.GetProperty(side).GetDouble(), size.GetProperty(side).GetDouble());
            }

            Assert.Equal(legend ? 48 + 24 : 48, asked.GetProperty("b").GetInt32());
            if (legend)
            {
                Assert.True(chart.GetProperty("legendBelowTitle").GetBoolean());
            }
        }

        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Purge_empties_the_element_and_forgets_its_keys() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");

        var result = await page.EvaluateWithModuleAsync<JsonElement>(Module, $$"""
            async (charts) => {
              const el = {{NewPlot}};
              await charts.draw(el, [{ key: 'a', name: 'a', x: [1], y: [1] }], {});
              charts.purge(el);
              let extendFailed = false;
              try { await charts.extend(el, [{ key: 'a', x: [2], y: [2] }]); } catch { extendFailed = true; }
              return { data: el.data === undefined, keys: Object.keys(charts.keysOf(el)).length, extendFailed };
            }
            """);

        Assert.True(result.GetProperty("data").GetBoolean());
        Assert.Equal(0, result.GetProperty("keys").GetInt32());
        Assert.True(result.GetProperty("extendFailed").GetBoolean());
    });
}
