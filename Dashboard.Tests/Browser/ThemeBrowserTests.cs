using Ablation.Tests.Training;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// Light and dark (Layout/AppShell, ThemePreference): a page follows the system's scheme, and the app
/// bar's toggle overrides it for this browser only, remembered across reloads and rendered by the server.
/// </summary>
[Collection(TorchCollection.Name)] // the dashboard runs the scheduler, which starts workers
public sealed class ThemeBrowserTests(DashboardBrowser browser, ITestOutputHelper output) : IClassFixture<DashboardBrowser>
{
    private const string Scheme = "() => document.querySelector('.page').classList.contains('theme-dark') ? 'dark' : 'light'";

    // The page's background as painted: MudBlazor's palette variable on the body.
    private const string Background = "() => getComputedStyle(document.body).backgroundColor";

    [Fact]
    public async Task A_dark_system_gets_the_dark_theme_and_a_light_one_the_light_theme()
    {
        await using var dark = await browser.NewPageAsync(ColorScheme.Dark);
        await using var light = await browser.NewPageAsync(ColorScheme.Light);
        try
        {
            foreach (var page in new[] { dark, light })
            {
                await page.GotoAsync("/");
                await page.WaitForInteractiveAsync();
            }

            await dark.Page.WaitForFunctionAsync($"() => ({Scheme})() === 'dark'");
            Assert.Equal("light", await light.Page.EvaluateAsync<string>(Scheme));
            Assert.Equal("rgb(13, 17, 23)", await dark.Page.EvaluateAsync<string>(Background));
            Assert.Equal("rgb(246, 248, 250)", await light.Page.EvaluateAsync<string>(Background));
            Assert.Empty(dark.Errors);
        }
        catch
        {
            output.WriteLine($"dark: {string.Join("; ", dark.Errors)}");
            throw;
        }
    }

    [Fact]
    public Task The_toggle_switches_this_browser_only_and_is_remembered_across_reloads() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        Assert.Equal("light", await p.EvaluateAsync<string>(Scheme));

        await p.ClickAsync("#theme-toggle");
        await p.WaitForFunctionAsync($"() => ({Scheme})() === 'dark'");
        Assert.Equal("rgb(13, 17, 23)", await p.EvaluateAsync<string>(Background));

        // Reloaded, the page comes from the server already dark: the choice is the browser's, not the circuit's.
        var reloaded = await p.ReloadAsync();
        Assert.Contains("theme-dark", await reloaded!.TextAsync(), StringComparison.Ordinal);
        await page.WaitForInteractiveAsync();
        Assert.Equal("dark", await p.EvaluateAsync<string>(Scheme));

        // Another browser on the same light system keeps the light theme.
        await using var other = await browser.NewPageAsync();
        await other.GotoAsync("/");
        await other.WaitForInteractiveAsync();
        Assert.Equal("light", await other.Page.EvaluateAsync<string>(Scheme));

        // And back: light is remembered too, on a page that is not the one it was picked on.
        await p.ClickAsync("#theme-toggle");
        await p.WaitForFunctionAsync($"() => ({Scheme})() === 'light'");
        await page.GotoAsync("/datasets");
        await page.WaitForInteractiveAsync();
        Assert.Equal("light", await p.EvaluateAsync<string>(Scheme));
        Assert.Empty(page.Errors);
    });
}
