using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Tests.Training;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// A dashboard whose worker trains nothing: it reads the spec it is given and reports two epochs
/// and final metrics that depend only on BatchNorm, dropout and the seed (BatchNorm off costs 5
/// points, dropout 0.3 one point, each seed adds 0.3), so a study with repeats has known effects.
/// </summary>
public sealed class SeededWorkerBrowser : FakeWorkerBrowser
{
    public SeededWorkerBrowser()
        : base("ablate-seeded-") => WorkerPath = WriteScript("""
            #!/usr/bin/env bash
            exec >> "$4/events.jsonl"  # events go to the run folder's events file (docs/worker.md), which the dashboard stores from
            spec="$(tr -d ' \n\r\t' < "$2")"
            seed="$(grep -o '"seed":[0-9]*' <<< "$spec" | head -1 | cut -d: -f2)"
            milli=$((850 + 3 * ${seed:-1}))
            grep -q '"batch_norm":false' <<< "$spec" && milli=$((milli - 50))
            grep -q '"dropout":0.3' <<< "$spec" && milli=$((milli - 10))
            acc="0.$milli"
            echo '{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":2,"resumed_from_epoch":0}'
            for e in 1 2; do
              echo "{\"event\":\"epoch\",\"time\":0.$e,\"epochs\":2,\"metrics\":{\"epoch\":$e,\"train_loss\":0.5,\"train_accuracy\":$acc,\"val_loss\":0.5,\"val_accuracy\":$acc,\"test_loss\":0.5,\"test_accuracy\":$acc,\"lr\":0.1,\"train_seconds\":0.1,\"epoch_seconds\":0.1,\"samples_per_second\":100}}"
            done
            echo "{\"event\":\"final\",\"time\":0.3,\"status\":\"succeeded\",\"metrics\":{\"test_accuracy\":$acc,\"test_loss\":0.5,\"best_val_accuracy\":$acc,\"epochs_completed\":2}}"
            """);
}

[Collection(TorchCollection.Name)]
public sealed class EffectsBrowserTests(SeededWorkerBrowser browser, ITestOutputHelper output) : IClassFixture<SeededWorkerBrowser>
{
    [Fact]
    public Task StudyWithRepeats_ShowsBands_EffectsWithVerdicts_Interactions_AndParallelCoordinates() => browser.RunAsync(output, async page =>
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var id = await SeededStudies.TrainBnDropoutAsync(http, "bn x dropout, 3 seeds", seeds: 3);

        await page.GotoAsync($"/studies/{id}/results");
        await page.WaitForInteractiveAsync(); // what follows reads the page: the circuit's, not the prerendered one it replaces
        var p = page.Page;

        // Effects: each side has 6 runs (Welch); BatchNorm off costs exactly 5 points in every cell.
        var verdict = p.Locator("#effects-panel table[data-axis='bn'] tr[data-level='off'] td.verdict");
        await verdict.WaitForAsync(new() { Timeout = 30_000 });
        var text = await verdict.InnerTextAsync();
        Assert.StartsWith("bn=off: −5.0 pts test accuracy [", text);
        Assert.EndsWith("p < 0.001 — hurts", text);
        Assert.Contains("dropout=0.3: −1.0 pts test accuracy", await p.Locator("#effects-panel table[data-axis='dropout'] tr[data-level='0.3'] td.verdict").InnerTextAsync());
        // The figures below the curves draw when scrolled near (PlotFigure WhenVisible); they have not yet.
        await p.Locator("#parallel-coordinates").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.False(await p.EvaluateAsync<bool>("() => !!document.querySelector('#parallel-coordinates').data"));
        await p.Locator("#effects-forest").ScrollIntoViewIfNeededAsync();
        await p.WaitForFunctionAsync("() => { const e = document.querySelector('#effects-forest .js-plotly-plot') || document.querySelector('#effects-forest'); return e && e.data && e.data.length > 0; }");
        await p.Locator("#parallel-coordinates").ScrollIntoViewIfNeededAsync();
        await p.WaitForFunctionAsync("() => { const e = document.querySelector('#parallel-coordinates'); return e && e.data && e.data[0].type === 'parcoords' && e.data[0].dimensions.length === 3; }");
        await p.Locator("[data-pair='bn×dropout']").ScrollIntoViewIfNeededAsync();
        await p.WaitForFunctionAsync("() => { const e = document.querySelector('[data-pair=\"bn×dropout\"]'); return e && e.data && e.data.length === 2; }");

        // Curves: aggregated by default (cells have repeats): a mean and a band per cell, no run lines.
        await p.WaitForFunctionAsync("() => { const e = document.querySelector('#results-charts .js-plotly-plot'); return e && e.data && e.data.length === 8; }",
            null, new() { Timeout = 30_000 });
        var keys = await p.EvaluateAsync<string[]>("() => document.querySelector('#results-charts .js-plotly-plot').data.map(t => t.key + ':' + (t.fill || ''))");
        Assert.Equal(4, keys.Count(u => u.StartsWith("band/", StringComparison.Ordinal) && u.EndsWith(":toself", StringComparison.Ordinal)));
        Assert.Equal(4, keys.Count(u => u.StartsWith("cell/", StringComparison.Ordinal)));
        Assert.DoesNotContain(keys, u => u.StartsWith("run-", StringComparison.Ordinal));

        // Individual runs on demand.
        await p.Locator(".curve-controls .mud-checkbox", new() { HasText = "Show individual runs" }).ClickAsync();
        await p.WaitForFunctionAsync("() => document.querySelector('#results-charts .js-plotly-plot').data.filter(t => t.key.startsWith('run-')).length === 12");
        Assert.Empty(page.Errors);
    });

    private const string Chart = "#results-charts .js-plotly-plot";
    private const string FourRuns = $"() => {{ const e = document.querySelector('{Chart}'); return e && e.data && e.data.length === 4; }}";

    /// <summary>The results chart as it stands: how many plots, how often plotly drew the first, whether it sits in the interactive chart, and how LiveChart's first draw went.</summary>
    private const string ChartState = $$"""
        () => {
          const plots = document.querySelectorAll('{{Chart}}');
          const plot = plots[0];
          return {
            count: plots.length, draws: plot.__draws ?? 0, traces: plot.data.length,
            inHeir: plot.parentElement.matches('.live-chart[data-prefigure-slot]'),
            isChart: plot.matches('.live-chart[data-prefigure-slot]'),
            firstDraw: document.querySelector('#results-charts [data-first-draw]')?.dataset.firstDraw ?? null,
            prerendered: !!document.querySelector('script.prefigure'),
          };
        }
        """;

    /// <summary>
    /// Counts plotly's draws per element (a plot keeps its count when it moves into the interactive
    /// chart), hooked in the moment plotly.js defines its global, before anything can draw with it.
    /// While window.__drawHeld is a promise, every draw's promise also waits for it: the plot is built,
    /// but charts.js learns that the draw ended only then.
    /// </summary>
    private const string CountDraws = """
        (() => {
          let plotly;
          Object.defineProperty(window, 'Plotly', {
            configurable: true,
            get: () => plotly,
            set: p => {
              if (p && !p.__counted) {
                const react = p.react;
                p.react = function (el) {
                  el.__draws = (el.__draws || 0) + 1;
                  const drawn = react.apply(this, arguments);
                  return window.__drawHeld ? window.__drawHeld.then(() => drawn) : drawn;
                };
                p.__counted = true;
              }
              plotly = p;
            },
          });
        })();
        """;

    [Fact]
    public Task ResultsChart_IsDrawnFromThePrerenderedPage_AndTheCircuitTakesThatPlotOver() => browser.RunAsync(output, async page =>
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var id = await SeededStudies.TrainBnDropoutAsync(http, "bn x dropout, prerendered chart", seeds: 1);
        var p = page.Page;

        // No circuit at all (its endpoint refused, in a tab of its own, whose errors are expected):
        // the chart still draws, from the figure in the HTML.
        var offline = await p.Context.NewPageAsync();
        await offline.RouteAsync("**/_blazor/**", route => route.AbortAsync());
        await offline.GotoAsync(new Uri(browser.BaseUrl, $"/studies/{id}/results").ToString());
        await offline.WaitForFunctionAsync(FourRuns, null, new() { Timeout = 30_000 });
        Assert.True(await offline.EvaluateAsync<bool>("() => !!document.querySelector('script.prefigure')")); // still the prerendered page
        await offline.CloseAsync();

        // With the circuit, held back until the prerendered page has drawn its plot: the circuit's
        // chart keeps that plot and draws nothing.
        await p.AddInitScriptAsync(CountDraws);
        var circuit = await HeldRequests.HoldAsync(p, "**/_blazor/negotiate**");
        try
        {
            await page.GotoAsync($"/studies/{id}/results");
            await p.WaitForFunctionAsync(FourRuns, null, new() { Timeout = 30_000 });
            Assert.True(await p.EvaluateAsync<bool>("() => !!document.querySelector('script.prefigure')")); // drawn on the prerendered page
        }
        finally
        {
            circuit.Release();
        }

        await p.Locator("#results-charts [data-first-draw='prerendered']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        var kept = await p.EvaluateAsync<JsonElement>(ChartState);
        Assert.False(kept.GetProperty("prerendered").GetBoolean()); // the circuit replaced the prerendered page
        Assert.Equal(1, kept.GetProperty("count").GetInt32());
        Assert.True(kept.GetProperty("inHeir").GetBoolean());
        Assert.Equal(4, kept.GetProperty("traces").GetInt32());
        Assert.Equal(1, kept.GetProperty("draws").GetInt32());

        // The page is interactive on that plot: another metric redraws it.
        await p.Locator(".mud-input-control:has(#curve-metric)").ClickAsync();
        await p.Locator(".mud-popover-open .mud-list-item", new() { HasText = "val/loss" }).First.ClickAsync();
        await p.WaitForFunctionAsync($"() => document.querySelector('{Chart}')?._fullLayout?.title?.text === 'val/loss'");
        Assert.True(await p.EvaluateAsync<bool>($"() => document.querySelectorAll('{Chart}').length === 1 && document.querySelector('{Chart}').parentElement.matches('.live-chart[data-prefigure-slot]')"));
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task ResultsChart_WhenTheCircuitRendersWhilePlotlyStillDrawsThePrerenderedPlot_WaitsForThatDrawAndKeepsThePlot() => browser.RunAsync(output, async page =>
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var id = await SeededStudies.TrainBnDropoutAsync(http, "bn x dropout, chart drawn meanwhile", seeds: 1);
        var p = page.Page;
        await p.AddInitScriptAsync(CountDraws + "window.__drawHeld = new Promise(release => window.__releaseDraw = release);");
        var circuit = await HeldRequests.HoldAsync(p, "**/_blazor/negotiate**");
        try
        {
            await page.GotoAsync($"/studies/{id}/results");
            // The prerendered plot's draw has begun, and does not end until the test lets it.
            await p.WaitForFunctionAsync($"() => !!document.querySelector('script.prefigure') && document.querySelector('{Chart}')?.__draws === 1", null, new() { Timeout = 30_000 });
        }
        finally
        {
            circuit.Release();
        }

        // The circuit renders and takes the plot over; its chart asks whether the plot shows its
        // figure, and waits for the draw instead of drawing the same figure again.
        await p.Locator("#results-charts [data-first-draw='waiting']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await p.EvaluateAsync("() => window.__releaseDraw()");
        await p.Locator("#results-charts [data-first-draw='prerendered']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var kept = await p.EvaluateAsync<JsonElement>(ChartState);
        Assert.False(kept.GetProperty("prerendered").GetBoolean());
        Assert.Equal(1, kept.GetProperty("count").GetInt32());
        Assert.True(kept.GetProperty("inHeir").GetBoolean());
        Assert.Equal(4, kept.GetProperty("traces").GetInt32());
        Assert.Equal(1, kept.GetProperty("draws").GetInt32());
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task ResultsChart_WhenTheCircuitRendersBeforePlotlyIsIn_IsDrawnOnceByTheCircuit() => browser.RunAsync(output, async page =>
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var id = await SeededStudies.TrainBnDropoutAsync(http, "bn x dropout, circuit first", seeds: 1);
        var p = page.Page;
        await p.AddInitScriptAsync(CountDraws);
        var plotly = await HeldRequests.HoldAsync(p, "**/lib/plotly/plotly-basic.min.js");
        try
        {
            // The document's load event waits for the held script: a person sees the page before it.
            await page.GotoAsync($"/studies/{id}/results", WaitUntilState.DOMContentLoaded);
            await page.WaitForInteractiveAsync();
            Assert.False(await p.EvaluateAsync<bool>("() => !!document.querySelector('script.prefigure')")); // gone with the prerendered page
        }
        finally
        {
            plotly.Release();
        }

        await p.WaitForFunctionAsync(FourRuns, null, new() { Timeout = 30_000 });
        var drawn = await p.EvaluateAsync<JsonElement>(ChartState);
        Assert.Equal("interactive", drawn.GetProperty("firstDraw").GetString());
        Assert.Equal(1, drawn.GetProperty("count").GetInt32());
        Assert.True(drawn.GetProperty("isChart").GetBoolean()); // drawn into the interactive chart itself: nothing to take over
        Assert.Equal(1, drawn.GetProperty("draws").GetInt32());
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Report_OpensOffline_WithChartsEffectsTablesAndSpecs() => browser.RunAsync(output, async page =>
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var id = await SeededStudies.TrainBnDropoutAsync(http, "report <study> & co", seeds: 2);

        using var response = await http.GetAsync($"/studies/{id}/report.html");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal($"study-{id}-report.html", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var html = await response.Content.ReadAsStringAsync();
        var markup = html[..html.IndexOf("<script>", StringComparison.Ordinal)]; // what comes before the inlined plotly.js
        Assert.DoesNotContain(" src=", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", markup, StringComparison.OrdinalIgnoreCase);
        var file = Path.Combine(Path.GetTempPath(), $"ablation-report-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, html);
        try
        {
            // A browser with the network off: every request other than the file itself is recorded, and fails.
            await using var offline = await page.Page.Context.Browser!.NewContextAsync();
            await offline.SetOfflineAsync(true);
            var requests = new List<string>();
            var report = await offline.NewPageAsync();
            report.Request += (_, r) => requests.Add(r.Url);
            var errors = new List<string>();
            report.PageError += (_, e) => errors.Add(e);
            await report.GotoAsync(new Uri(file).AbsoluteUri);

            await report.WaitForFunctionAsync("() => [...document.querySelectorAll('.figure')].every(f => f.querySelector('.main-svg'))", null, new() { Timeout = 30_000 });
            Assert.True(await report.EvaluateAsync<int>("() => document.querySelectorAll('.figure').length") >= 5); // 3 curves, forest, interaction, parallel, epoch time
            Assert.Equal(4, await report.EvaluateAsync<int>("() => document.getElementById('curve-0').data.filter(t => t.fill === 'toself').length")); // a band per cell
            Assert.Equal("parcoords", await report.EvaluateAsync<string>("() => document.getElementById('parallel').data[0].type"));
            Assert.Contains("bn=off: −5.0 pts test accuracy", await report.Locator("ul.verdicts").InnerTextAsync());
            Assert.Equal(8, await report.Locator("table.results tbody tr").CountAsync());
            Assert.Equal("report <study> & co", await report.Locator("h1").InnerTextAsync());
            Assert.Contains("model.batch_norm", await report.Locator("details pre").First.InnerTextAsync());
            Assert.All(requests, url => Assert.StartsWith("file:", url));
            Assert.Empty(errors);
        }
        finally
        {
            File.Delete(file);
        }

        var points = await http.GetFromJsonAsync<JsonObject>($"/studies/{id}/points.json");
        var runs = points!["runs"]!.AsArray();
        Assert.Equal(8, runs.Count);
        Assert.Equal([1, 2], runs[0]!["series"]!["val/accuracy"]!["epoch"]!.AsArray().Select(e => e!.GetValue<int>()));
        Assert.Empty(page.Errors);
    });
}
