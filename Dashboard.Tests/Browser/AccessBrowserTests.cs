using System.Text.Json;
using System.Text.RegularExpressions;
using Ablation.Dashboard.Services.Access;
using Ablation.Tests.Training;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>A dashboard that requires sign-in (as beyond loopback), with its first user from configuration.</summary>
public sealed class SignInDashboardBrowser : DashboardBrowser
{
    public const string User = "ada";
    public const string Password = "a long test password";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Dashboard:RequireLogin"] = "Always",
        ["Dashboard:InitialUser"] = User,
        [AccessOptions.InitialPasswordVariable] = Password,
    };
}

/// <summary>
/// Sign-in and share links in Chromium: a signed-out browser is sent to the form; a signed-in one
/// launches and shares a study; a second, signed-out browser follows the shared results live,
/// without any control or link into the dashboard, and sees the page flip when the link is revoked.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed partial class AccessBrowserTests(SignInDashboardBrowser browser, ITestOutputHelper output) : IClassFixture<SignInDashboardBrowser>
{
    private const string Study = """
        { "name": "shared grid",
          "base": { "data": { "dataset": "toy", "subset": 320 }, "model": { "family": "mlp", "hidden_sizes": [16] },
                    "batch_size": 32, "epochs": 200, "log_every": 10 },
          "axes": [ { "name": "lr", "path": "optimizer.lr", "values": [0.01, 0.003] } ] }
        """;

    [Fact]
    public Task SignedOutBrowser_IsSentToSignIn_AndComesBackAfterIt() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        await p.GotoAsync("/studies/new");
        await p.WaitForURLAsync(new Regex("/login\\?ReturnUrl=%2Fstudies%2Fnew$"));
        Assert.Equal(0, await p.Locator("#launch").CountAsync());

        await SignInAsync(p, "wrong password");
        await p.Locator("#sign-in-error").WaitForAsync();
        Assert.Contains("wrong", await p.Locator("#sign-in-error").InnerTextAsync(), StringComparison.Ordinal);

        await SignInAsync(p, SignInDashboardBrowser.Password);
        await p.WaitForURLAsync(new Regex("/studies/new$"));
        await p.Locator("#launch").WaitForAsync();
        Assert.Equal(SignInDashboardBrowser.User, await p.Locator(".user-name").InnerTextAsync());

        await p.ClickAsync("#sign-out");
        await p.WaitForURLAsync(new Regex("/login\\?signedOut=1$"));
        await p.GotoAsync("/");
        await p.WaitForURLAsync(new Regex("/login\\?ReturnUrl="));
    });

    [Fact]
    public Task SharedLink_ShowsLiveResultsReadOnly_OnlyForItsStudy_UntilRevoked() => browser.RunAsync(output, async owner =>
    {
        var p = owner.Page;
        await p.GotoAsync("/login");
        await SignInAsync(p, SignInDashboardBrowser.Password);
        await p.WaitForURLAsync(new Regex("/$"));
        var created = await p.EvaluateAsync<JsonElement>(
            "async spec => { const r = await fetch('api/studies', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: spec }); return { status: r.status, body: await r.json() }; }",
            Study);
        Assert.Equal(201, created.GetProperty("status").GetInt32());
        var id = created.GetProperty("body").GetProperty("id").GetInt32();

        await owner.GotoAsync($"/studies/{id}");
        await p.ClickAsync("#create-share"); // as soon as the page shows: the click waits until the button takes it
        await p.Locator(".share-row[data-state=live] .share-url").WaitForAsync();
        var url = await p.Locator(".share-row[data-state=live] .share-url").InputValueAsync();
        Assert.Matches(new Regex($"^{Regex.Escape(browser.BaseUrl.ToString())}share/[A-Za-z0-9_-]{{43}}$"), url);

        // A second browser with no cookie opens the link while the runs train.
        await using var guest = await browser.NewPageAsync();
        var g = guest.Page;
        await guest.GotoAsync(url);
        await g.Locator("#shared-note").WaitForAsync();
        const string points = "() => [...document.querySelectorAll('#results-charts .js-plotly-plot')].reduce((n, e) => n + (e.data || []).reduce((m, t) => m + t.x.length, 0), 0)";
        await g.WaitForFunctionAsync($"() => ({points})() > 0", null, new() { Timeout = 120_000 });
        var before = await g.EvaluateAsync<int>(points);
        await g.WaitForFunctionAsync($"() => ({points})() > {before}", null, new() { Timeout = 120_000 });

        // Read-only: no navigation, no buttons that act, no link into the dashboard.
        Assert.Equal(0, await g.Locator("nav, .top-nav, #create-share, .revoke-share, #launch").CountAsync());
        Assert.Equal(0, await g.Locator("button:has-text('Cancel'), button:has-text('Duplicate')").CountAsync());
        var hrefs = await g.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))");
        Assert.NotEmpty(hrefs);
        Assert.All(hrefs, h => Assert.True(h.StartsWith("share/", StringComparison.Ordinal) || h == "javascript:location.reload()", h));
        var token = url[(url.LastIndexOf('/') + 1)..];
        var csv = await g.EvaluateAsync<string>($"async () => await (await fetch('share/{token}/results.csv')).text()");
        Assert.Contains("lr=0.01", csv, StringComparison.Ordinal);

        // The same browser cannot reach the study itself, its runs or the API by id.
        await using var prober = await browser.NewPageAsync();
        foreach (var path in new[] { $"/studies/{id}", $"/studies/{id}/results", "/runs/1" })
        {
            await prober.Page.GotoAsync(path);
            await prober.Page.WaitForURLAsync(new Regex("/login\\?ReturnUrl="));
        }

        var api = await prober.Page.EvaluateAsync<int>($"async () => (await fetch('api/studies/{id}')).status");
        Assert.Equal(401, api);

        // Revoked from the owner's monitor: the open shared page flips at once, and the link opens nothing any more.
        await p.ClickAsync(".share-row[data-state=live] .revoke-share");
        await p.ClickAsync(".mud-dialog .mud-dialog-actions button:has-text('Revoke')"); // the confirmation names what is lost
        await p.Locator(".share-row[data-state=revoked]").WaitForAsync();
        await p.Locator(".mud-snackbar").Filter(new() { HasText = "Link revoked" }).WaitForAsync();
        await g.Locator("#share-unavailable").Filter(new() { HasText = "This link was revoked." }).WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal(0, await g.Locator("#results-charts").CountAsync());
        var reopened = await g.GotoAsync(url);
        Assert.Equal(404, reopened?.Status);
        await g.Locator("#share-unavailable").WaitForAsync();
        var revokedCsv = await g.EvaluateAsync<int>($"async () => (await fetch('share/{token}/results.csv')).status");
        Assert.Equal(404, revokedCsv);

        // The signed-in browser's cookie also works for the API; the runs need not train on.
        Assert.Equal(200, await p.EvaluateAsync<int>("async id => (await fetch(`api/studies/${id}/cancel`, { method: 'POST' })).status", id));
    });

    private static async Task SignInAsync(IPage page, string password)
    {
        await page.FillAsync("#user-name", SignInDashboardBrowser.User);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
    }
}
