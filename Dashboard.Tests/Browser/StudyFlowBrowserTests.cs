using System.Text.RegularExpressions;
using Ablation.Tests.Training;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// The whole product in Chromium: define a 2×2 grid in the editor, launch it, watch the four runs
/// train while the curves draw, and read the comparison on the results page. The editor's own logic
/// (its fields, problems beneath them, the layer-order picker) is tested with bUnit
/// (Components/StudyEditor*ComponentTests).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed partial class StudyFlowBrowserTests(DashboardBrowser browser, ITestOutputHelper output) : IClassFixture<DashboardBrowser>
{
    private const string BaseSpec = """
        {
          "data": { "dataset": "toy", "subset": 320 },
          "model": { "family": "cnn", "conv_channels": [4, 8], "block_order": ["conv", "bn", "act", "pool", "dropout"] },
          "optimizer": { "name": "adam", "lr": 0.01 },
          "batch_size": 32, "epochs": 4, "log_every": 2, "seed": 1
        }
        """;

    /// <summary>The editor with <see cref="BaseSpec"/> as the baseline and a name (filled last: leaving the spec commits it).</summary>
    private static async Task OpenEditorAsync(BrowserPage page, string name)
    {
        await page.GotoAsync("/studies/new");
        await page.Page.FillAsync("#base-spec", BaseSpec);
        await page.Page.FillAsync("#study-name", name);
    }

    [Fact]
    public Task Grid2x2_LaunchedFromTheEditor_TrainsLiveAndShowsResults() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        await OpenEditorAsync(page, "browser 2x2");
        await EditorRepeats.SetAsync(p, 1);
        await p.ClickAsync("#add-axis");                                   // bn (on, off) is there; this adds dropout
        await p.Locator(".axis-values input").Nth(1).FillAsync("0, 0.3");
        await p.ClickAsync("#preview");
        await p.Locator(".preview-summary").Filter(new() { HasText = "4 runs in 4 cells" }).WaitForAsync();
        Assert.Equal(4, await p.Locator("table.preview tbody tr").CountAsync());

        await p.ClickAsync("#launch");
        var studyPath = await page.WaitForPathAsync(StudyUrl());

        // While the runs train, the accuracy chart fills in without a reload.
        await p.WaitForFunctionAsync("() => [...document.querySelectorAll('.js-plotly-plot')].some(e => (e.data || []).some(t => t.x.length > 0))",
            null, new() { Timeout = 120_000 });
        await p.WaitForFunctionAsync("() => document.querySelectorAll('tr.run-row[data-status=\"succeeded\"]').length === 4",
            null, new() { Timeout = 180_000 });
        var liveTraces = await p.EvaluateAsync<int>("() => document.querySelector('.js-plotly-plot').data.length");
        Assert.Equal(4, liveTraces);

        await page.GotoAsync(studyPath + "/results");
        await page.WaitForInteractiveAsync(); // what follows reads the page: the circuit's, not the prerendered one it replaces
        await p.WaitForFunctionAsync("() => { const e = document.querySelector('#results-charts .js-plotly-plot'); return e && e.data && e.data.length === 4; }",
            null, new() { Timeout = 30_000 });
        var rows = p.Locator("table.results tbody tr");
        Assert.Equal(4, await rows.CountAsync());
        // The text, not the rendered text: the results sections below the curves are rendered only
        // near the viewport (content-visibility: auto), and this table may lie below it.
        var cells = await rows.AllTextContentsAsync();
        Assert.All(cells, row => Assert.Matches(@"0\.\d{4}", row));
        Assert.Equal(1, await p.Locator("table.results tr.best").CountAsync());
        Assert.Equal(4, await p.Locator("table.pivot tbody td").CountAsync());
    });

    [Fact]
    public Task TwoBrowsers_FollowTheSameStudyLive() => browser.RunAsync(output, async first =>
    {
        await first.GotoAsync("/studies/new");
        await first.Page.FillAsync("#study-name", "two browsers");
        await first.Page.FillAsync("#base-spec", BaseSpec.Replace("\"epochs\": 4", "\"epochs\": 40"));
        await EditorRepeats.SetAsync(first.Page, 1);
        await first.Page.ClickAsync("#preview");
        await first.Page.Locator(".preview-summary").Filter(new() { HasText = "2 runs" }).WaitForAsync();
        await first.Page.ClickAsync("#launch");
        var studyPath = await first.WaitForPathAsync(StudyUrl());

        // A second browser opens the same study while it trains; both must see new points arrive.
        // What it has drawn is counted once its circuit has drawn the snapshot (the prerendered page draws no points).
        await using var second = await browser.NewPageAsync();
        await second.GotoAsync(studyPath);
        await second.WaitForInteractiveAsync();
        await second.Page.WaitForFunctionAsync("() => document.querySelectorAll('.js-plotly-plot').length > 0", null, new() { Timeout = 30_000 });
        const string pointsDrawn = "() => [...document.querySelectorAll('.js-plotly-plot')].reduce((n, e) => n + (e.data || []).reduce((m, t) => m + t.x.length, 0), 0)";
        var before = await second.Page.EvaluateAsync<int>(pointsDrawn);
        foreach (var page in new[] { first, second })
        {
            await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('tr.run-row[data-status=\"succeeded\"]').length === 2",
                null, new() { Timeout = 180_000 });
        }

        // Each run: 288 training images / 32 = 9 steps an epoch, 40 epochs, a batch point every 2 steps
        // (180) plus 40 validation points. Every point exactly once in both browsers: none lost
        // between a page's snapshot and its live updates, none drawn twice.
        const int expected = 2 * (180 + 40);
        foreach (var page in new[] { first, second })
        {
            // Waits until the count reaches the expected one; more (a point drawn twice) shows in the assertion.
            await page.Page.WaitForFunctionAsync($"() => ({pointsDrawn})() >= {expected}", null, new() { Timeout = 60_000 });
        }

        Assert.Equal((expected, expected), (await first.Page.EvaluateAsync<int>(pointsDrawn), await second.Page.EvaluateAsync<int>(pointsDrawn)));

        Assert.True(before < expected, $"the second browser opened after the runs had ended ({before} points), so it saw nothing live");
    });

    [GeneratedRegex(@"/studies/\d+$")]
    private static partial Regex StudyUrl();
}
