using System.Text.RegularExpressions;
using Ablation.Tests.Data.Tabular;
using Ablation.Tests.Training;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// The per-run views in Chromium: a trained classifier's confusion matrix, per-class accuracy and
/// test-image gallery; a regression's predicted-vs-true and residual plots and its MSE/R² results.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed partial class RunViewsBrowserTests(DashboardBrowser browser, ITestOutputHelper output) : IClassFixture<DashboardBrowser>
{
    private static async Task<string> LaunchAsync(BrowserPage page, string name, string spec)
    {
        var p = page.Page;
        await page.GotoAsync("/studies/new");
        await p.FillAsync("#study-name", name);
        await p.FillAsync("#base-spec", spec);
        await EditorRepeats.SetAsync(p, 1);
        await p.ClickAsync("#preview");
        await p.Locator(".preview-summary").Filter(new() { HasText = "2 runs" }).WaitForAsync();
        await p.ClickAsync("#launch");
        var studyPath = await page.WaitForPathAsync(StudyUrl());
        await p.WaitForFunctionAsync("() => document.querySelectorAll('tr.run-row[data-status=\"succeeded\"]').length === 2",
            null, new() { Timeout = 180_000 });
        return studyPath;
    }

    /// <summary>A predicate: the plotly figure with this id holds this many traces.</summary>
    private static string PlotTraces(string id, int count) =>
        $"() => {{ const e = document.querySelector('#{id}'); return !!e && !!e.data && e.data.length === {count}; }}";

    [Fact]
    public Task Classifier_RunPage_ShowsConfusionMatrixPerClassAccuracyAndGallery() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        var study = await LaunchAsync(page, "run views", """
            { "data": { "dataset": "toy", "subset": 200 }, "model": { "family": "cnn", "conv_channels": [4] },
              "optimizer": { "name": "adam", "lr": 0.01 }, "batch_size": 32, "epochs": 2, "seed": 1 }
            """);

        await p.Locator("tr.run-row a").First.ClickAsync();
        await p.WaitForFunctionAsync(PlotTraces("confusion-matrix", 1), null, new() { Timeout = 30_000 });
        Assert.Equal("heatmap", await p.EvaluateAsync<string>("() => document.querySelector('#confusion-matrix').data[0].type"));
        Assert.Equal(4, await p.EvaluateAsync<int>("() => document.querySelector('#confusion-matrix').data[0].z.length"));
        await p.WaitForFunctionAsync(PlotTraces("per-class-accuracy", 1));
        Assert.Equal(4, await p.Locator("table.per-class tbody tr").CountAsync());

        // 32 test images drawn from their bytes, each captioned with its true and predicted class.
        await p.WaitForFunctionAsync("() => document.querySelectorAll('.sample-gallery canvas[data-drawn=\"true\"]').length === 32",
            null, new() { Timeout = 30_000 });
        Assert.Equal(108, await p.EvaluateAsync<int>("() => document.querySelector('.sample-gallery canvas').width")); // 12 px × 9: images under 16 px get three times the scale of 3
        var captions = await p.Locator(".sample-gallery figcaption").AllInnerTextsAsync();
        Assert.All(captions, c => Assert.Matches(@"true: \d[\s\S]*predicted: \d", c));
        var wrong = await p.Locator(".sample.wrong").CountAsync();
        Assert.Equal(wrong, captions.Count(c => c.Contains('✗')));

        // The study's results compare the time per epoch by an axis.
        await page.GotoAsync(study + "/results");
        await page.WaitForInteractiveAsync(); // a scroll on the prerendered page would be the circuit's to undo
        await p.Locator("#epoch-time-chart").ScrollIntoViewIfNeededAsync(new() { Timeout = 30_000 }); // it draws when scrolled near
        await p.WaitForFunctionAsync(PlotTraces("epoch-time-chart", 2), null, new() { Timeout = 30_000 });
        Assert.Equal("box", await p.EvaluateAsync<string>("() => document.querySelector('#epoch-time-chart').data[0].type"));
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Regression_RunPage_ShowsPredictedVsTrueAndResiduals_ResultsShowMseAndR2() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        TableFiles.Write(Path.Combine(browser.Dashboard.RootPath, "data", "sklearn", "boston_house_prices.csv"), TableFiles.BostonCsv(rows: 120));
        var study = await LaunchAsync(page, "boston views", """
            { "data": { "dataset": "boston", "split": [4, 1, 1] }, "model": { "family": "mlp", "hidden_sizes": [16] },
              "loss": { "name": "mse" }, "optimizer": { "name": "adam", "lr": 0.01 }, "batch_size": 16, "epochs": 3, "seed": 1 }
            """);

        await p.Locator("tr.run-row a").First.ClickAsync();
        await p.WaitForFunctionAsync(PlotTraces("predicted-vs-true", 2), null, new() { Timeout = 30_000 });
        Assert.Equal(20, await p.EvaluateAsync<int>("() => document.querySelector('#predicted-vs-true').data[0].x.length"));
        await p.WaitForFunctionAsync(PlotTraces("residuals", 2));
        Assert.Matches(@"Test MSE \d+\.\d{4} · MAE \d+\.\d{4} · R² -?\d+\.\d{4}", await p.Locator("p.metrics").InnerTextAsync());
        Assert.Equal(0, await p.Locator("#confusion-matrix").CountAsync());

        await page.GotoAsync(study + "/results");
        await page.WaitForInteractiveAsync(); // what follows reads the page: the circuit's, not the prerendered one it replaces
        var headers = await p.Locator("table.results thead th").AllInnerTextsAsync();
        Assert.Contains(headers, h => h.StartsWith("Test MSE"));
        Assert.Contains(headers, h => h.StartsWith("Test R²"));
        Assert.DoesNotContain(headers, h => h.Contains("acc."));
        Assert.Empty(page.Errors);
    });

    [GeneratedRegex(@"/studies/\d+$")]
    private static partial Regex StudyUrl();
}
