using System.Text.RegularExpressions;
using Ablation.Tests.Training;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// The whole product in Chromium: define a 2×2 grid in the editor, launch it, watch the four runs
/// train while the curves draw, and read the comparison on the results page.
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
    public Task Editor_BaselineFieldsEditTheSpec_AndEachProblemShowsBesideTheValueThatCausedIt() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        await OpenEditorAsync(page, "editor fields");
        const string Spec = "() => JSON.parse(document.querySelector('#base-spec').value)";

        // The baseline's controls read the spec and write it back.
        var epochs = p.Locator("input#base-epochs, #base-epochs input").First;
        await p.WaitForFunctionAsync("() => document.querySelector('input#base-epochs, #base-epochs input').value === '4'");
        await epochs.FillAsync("7");
        await epochs.PressAsync("Tab");
        await p.WaitForFunctionAsync($"() => ({Spec})().epochs === 7");
        await p.Locator("#base-optimizer").ClickAsync();
        await p.Locator(".rz-dropdown-item:visible, li[aria-label='sgd']:visible").Filter(new() { HasTextRegex = new Regex("^sgd$") }).First.ClickAsync();
        await p.WaitForFunctionAsync($"() => ({Spec})().optimizer.name === 'sgd' && ({Spec})().optimizer.lr === 0.01 && ({Spec})().data.dataset === 'toy'");

        // A learning rate of 0 and a dropout of 1.5: each problem beneath its own value, launch stays off.
        var lr = p.Locator("input#base-lr, #base-lr input").First;
        await lr.FillAsync("0");
        await lr.PressAsync("Tab");
        await p.WaitForFunctionAsync($"() => ({Spec})().optimizer.lr === 0");
        await p.ClickAsync("#add-axis"); // bn is there; this adds dropout
        await p.Locator(".axis-values").Nth(1).FillAsync("0, 1.5");
        await p.ClickAsync("#preview");
        await p.Locator(".preview-summary").Filter(new() { HasText = "invalid" }).WaitForAsync();
        var lrProblems = await p.Locator(".baseline-fields .field:has(#base-lr) .field-problem").AllInnerTextsAsync();
        Assert.Contains(lrProblems, t => t.Contains("0", StringComparison.Ordinal));
        var axisProblems = p.Locator(".axis-row + .field-problems");
        Assert.Equal(1, await axisProblems.CountAsync()); // bn's values are fine: nothing beneath its row
        var dropoutProblems = await axisProblems.Locator(".field-problem").AllInnerTextsAsync();
        Assert.Contains(dropoutProblems, t => t.StartsWith("1.5: model.dropout", StringComparison.Ordinal));
        Assert.DoesNotContain(dropoutProblems, t => t.Contains("optimizer.lr", StringComparison.Ordinal));
        Assert.True(await p.Locator("#launch").IsDisabledAsync());

        // A value that cannot be read at all is shown beneath its axis too, not in a banner.
        await p.Locator(".axis-values").Nth(1).FillAsync("0, abc");
        await p.ClickAsync("#preview");
        await p.Locator(".axis-row + .field-problems .field-problem").Filter(new() { HasText = "'abc' is not a number" }).WaitForAsync();
        Assert.Equal(0, await p.Locator(".rz-alert").CountAsync());

        // And a study without a name says so beneath the name.
        await p.Locator(".axis-values").Nth(1).FillAsync("0, 0.5");
        await p.FillAsync("#study-name", "");
        await p.ClickAsync("#preview");
        await p.Locator(".field:has(#study-name) .field-problem").Filter(new() { HasText = "is required" }).WaitForAsync();
        Assert.Equal(0, await p.Locator(".rz-alert").CountAsync());
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Editor_RefusesHostileInput_BeneathTheFieldThatHoldsIt() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        await OpenEditorAsync(page, "report\u202Etxt.exe");
        const string NoBanner = ".rz-alert";

        // A right-to-left override in the name.
        await p.ClickAsync("#preview");
        await p.Locator(".field:has(#study-name) .field-problem").Filter(new() { HasText = "bidirectional control character (U+202E)" }).WaitForAsync();
        Assert.Equal(0, await p.Locator(NoBanner).CountAsync());

        // A description past its limit.
        await p.FillAsync("#study-name", "hostile input");
        await p.FillAsync("#study-description", new string('d', 4_001));
        await p.ClickAsync("#preview");
        await p.Locator(".field:has(#study-description) .field-problem").Filter(new() { HasText = "at most 4,000" }).WaitForAsync();
        Assert.Equal(0, await p.Locator(NoBanner).CountAsync());

        // 1e400 as an axis value, and as the baseline's learning rate.
        await p.FillAsync("#study-description", "");
        await p.ClickAsync("#add-axis"); // bn is there; this adds dropout
        await p.Locator(".axis-values").Nth(1).FillAsync("0, 1e400");
        await p.ClickAsync("#preview");
        await p.Locator(".axis-row + .field-problems .field-problem").Filter(new() { HasText = "'1e400' is not a finite number" }).WaitForAsync();
        Assert.Equal(0, await p.Locator(NoBanner).CountAsync());
        await p.Locator(".axis-values").Nth(1).FillAsync("0, 0.3");
        await p.FillAsync("#base-spec", BaseSpec.Replace("\"lr\": 0.01", "\"lr\": 1e400", StringComparison.Ordinal));
        await p.ClickAsync("#preview");
        await p.Locator(".baseline-fields .field:has(#base-lr) .field-problem").Filter(new() { HasText = "1e400 is not a finite number" }).First.WaitForAsync();
        Assert.True(await p.Locator("#launch").IsDisabledAsync());

        // A "billion laughs" file opened into the editor: refused at its first anchor, the form unchanged.
        await p.SetInputFilesAsync("#spec-file", new Microsoft.Playwright.FilePayload
        {
            Name = "laughs.yaml",
            MimeType = "application/yaml",
            Buffer = System.Text.Encoding.UTF8.GetBytes(Ablation.Tests.Dashboard.StudySpecFileLimitsTests.BillionLaughs),
        });
        await p.Locator("#spec-file-error").Filter(new() { HasText = "anchors and aliases (& and *) are not supported" }).WaitForAsync();
        Assert.Equal("hostile input", await p.InputValueAsync("#study-name"));

        // A valid spec whose axis the editor has no row for: named, and the editor keeps working.
        await p.SetInputFilesAsync("#spec-file", new Microsoft.Playwright.FilePayload
        {
            Name = "eps.json",
            MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes("""{ "name": "eps", "base": {}, "axes": [{ "name": "eps", "path": "model.bn_eps", "values": [0.001] }] }"""),
        });
        await p.Locator("#spec-file-error").Filter(new() { HasText = "axis eps: sets model.bn_eps, which the editor has no axis for" }).WaitForAsync();
        await p.ClickAsync("#preview");
        await p.Locator(".baseline-fields .field:has(#base-lr) .field-problem").Filter(new() { HasText = "1e400 is not a finite number" }).First.WaitForAsync();
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Editor_LayerOrderAxis_PicksArrangementsOfTheBaselineBlock_AndKeepsTypedOnes() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        await OpenEditorAsync(page, "orders"); // block order conv bn act pool dropout
        await p.Locator(".axis-row .rz-dropdown").First.ClickAsync();
        await p.Locator(".rz-dropdown-item:visible").Filter(new() { HasText = "Layer order in a conv block" }).First.ClickAsync();
        var picker = p.Locator(".axis-row .order-picker");
        await picker.WaitForAsync();
        var values = p.Locator(".axis-values").First;
        await values.FillAsync("conv act pool"); // an order the picker does not offer: it leaves bn and dropout out

        await picker.ClickAsync();
        foreach (var order in new[] { "conv bn act pool dropout", "conv act bn pool dropout" })
        {
            await p.Locator(".rz-multiselect-item:visible, .rz-dropdown-item:visible").Filter(new() { HasTextRegex = new Regex($"^\\s*{order}\\s*$") }).First.ClickAsync();

            // The next pick only once the server has taken this one and re-rendered the values: on a
            // busy machine a click that lands while that render is on its way was lost.
            await p.WaitForFunctionAsync("order => document.querySelector('.axis-values').value.split(' | ').includes(order)", order);
        }

        await p.Keyboard.PressAsync("Escape");
        await p.WaitForFunctionAsync("() => document.querySelector('.axis-values').value === 'conv act pool | conv bn act pool dropout | conv act bn pool dropout'");
        await p.ClickAsync("#preview");
        await p.Locator(".preview-summary").Filter(new() { HasText = "9 runs in 3 cells" }).WaitForAsync(); // three seeds per cell
        Assert.Equal(0, await p.Locator("table.preview tr.invalid").CountAsync());
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Grid2x2_LaunchedFromTheEditor_TrainsLiveAndShowsResults() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        await OpenEditorAsync(page, "browser 2x2");
        await EditorRepeats.SetAsync(p, 1);
        await p.ClickAsync("#add-axis");                                   // bn (on, off) is there; this adds dropout
        await p.Locator(".axis-values").Nth(1).FillAsync("0, 0.3");
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
