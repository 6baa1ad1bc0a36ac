using System.Text.Json;
using Ablation.Dashboard.Hosting;
using Ablation.Tests.Training;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>The real dashboard in Chromium: the home page connects its circuit and has plotly.</summary>
[Collection(TorchCollection.Name)] // the dashboard runs the scheduler, which starts workers
public sealed class HomePageBrowserTests(DashboardBrowser browser, ITestOutputHelper output) : IClassFixture<DashboardBrowser>
{
    [Fact]
    public Task Home_page_connects_its_circuit_with_no_browser_errors() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();

        Assert.True(await page.Page.EvaluateAsync<bool>("() => typeof window.Blazor === 'object'"));
        Assert.False(await page.Page.IsVisibleAsync("#blazor-error-ui"));
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task Plotly_is_loaded_at_the_version_package_json_pins() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/");
        await page.Page.WaitForFunctionAsync("() => window.Plotly || window.__plotlyFailed"); // loaded with async

        var version = await page.Page.EvaluateAsync<string?>("() => window.Plotly?.version ?? null");

        Assert.Equal(PinnedPlotlyVersion(), version);
    });

    private static string PinnedPlotlyVersion()
    {
        var root = RepoRoot.Find() ?? throw new InvalidOperationException("the tests run outside the repository");
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "package.json")));
        return package.RootElement.GetProperty("dependencies").GetProperty("plotly.js-dist-min").GetString()!;
    }
}
