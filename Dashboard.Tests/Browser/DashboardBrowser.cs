using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// A class fixture: one real dashboard (<see cref="DashboardProcess"/>) and one headless Chromium,
/// shared by the tests of a class; each test gets a fresh browser context through
/// <see cref="RunAsync"/>, which keeps a screenshot when the test fails. The browser is Debian's
/// <c>/usr/bin/chromium</c>: Playwright's own browser download cannot work offline, and none is
/// ever attempted (only its driver, shipped in the NuGet package, is used).
/// </summary>
public class DashboardBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private DashboardProcess? _dashboard;

    /// <summary>The dashboard the pages talk to.</summary>
    public DashboardProcess Dashboard => _dashboard ?? throw new InvalidOperationException("the fixture is not initialized");

    /// <summary>Where the dashboard listens; pages resolve relative URLs against it.</summary>
    public Uri BaseUrl => Dashboard.BaseUrl;

    /// <summary>Where <see cref="RunAsync"/> keeps the screenshot and logs of a failed test.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Configuration the dashboard starts with (keys as in appsettings.json); none by default.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        try
        {
            _dashboard = await DashboardProcess.StartAsync(Settings);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", // tests may run as root, where Chromium's sandbox refuses to start
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            });
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
            _dashboard = null;
        }
    }

    /// <summary>
    /// A page in a fresh browser context (no cookies or storage shared with other tests), on a system
    /// in <paramref name="scheme"/> (light unless told).
    /// </summary>
    public async Task<BrowserPage> NewPageAsync(ColorScheme scheme = ColorScheme.Light)
    {
        var browser = _browser ?? throw new InvalidOperationException("the fixture is not initialized");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            ColorScheme = scheme,
        });
        return await BrowserPage.OpenAsync(context, BaseUrl);
    }

    /// <summary>
    /// Runs <paramref name="test"/> on a new page. When it fails, the page's screenshot, its console
    /// errors and the dashboard's log go to <see cref="ScreenshotFolder"/> (named after the test) and
    /// the paths to the test output, then the failure is rethrown unchanged.
    /// </summary>
    public async Task RunAsync(ITestOutputHelper output, Func<BrowserPage, Task> test,
        [CallerMemberName] string testName = "", [CallerFilePath] string testFile = "")
    {
        var name = $"{Path.GetFileNameWithoutExtension(testFile)}.{testName}";
        var screenshot = Path.Combine(ScreenshotFolder, name + ".png");
        var log = Path.Combine(ScreenshotFolder, name + ".log");

        // A screenshot left by an earlier failure of this test would pass for this run's.
        Directory.CreateDirectory(ScreenshotFolder);
        File.Delete(screenshot);
        File.Delete(log);
        await using var page = await NewPageAsync();
        try
        {
            await test(page);
        }
        catch (Exception failure)
        {
            await KeepFailureAsync(page, screenshot, log, output);
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private async Task KeepFailureAsync(BrowserPage page, string screenshot, string log, ITestOutputHelper output)
    {
        try
        {
            await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            output.WriteLine($"screenshot: {screenshot}");
        }
        catch (PlaywrightException e)
        {
            output.WriteLine($"no screenshot ({e.Message})");
        }

        var text = $"url: {page.Page.Url}\n\nbrowser errors:\n{string.Join('\n', page.Errors)}\n\ndashboard log:\n{Dashboard.Log}\n";
        await File.WriteAllTextAsync(log, text);
        output.WriteLine($"log: {log}");
        output.WriteLine(text);
    }
}
