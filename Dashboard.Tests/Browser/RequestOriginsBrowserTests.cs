using System.Net;
using System.Text.Json;
using Ablation.Tests.Training;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// The open loopback dashboard (the real Kestrel) against pages of other origins in Chromium: a page
/// served from another loopback port tries every way a browser lets it send a request without
/// asking (fetch with text/plain, a no-cors fetch, a form post, WebSockets to the hub and to the
/// Blazor circuit) and achieves nothing, while the dashboard's own pages keep working. Also
/// requests with a Host the dashboard does not know, as a DNS-rebinding page would send them.
/// </summary>
[Collection(TorchCollection.Name)] // the dashboard runs the scheduler, which starts workers
public sealed class RequestOriginsBrowserTests(DashboardBrowser browser, ITestOutputHelper output) : IClassFixture<DashboardBrowser>
{
    private const string ForgedName = "forged";

    /// <summary>
    /// The attacking page: each attempt's outcome lands in window.results, window.done when all ended.
    /// The form posts a study as text/plain, the trick that makes a form's body parse as JSON.
    /// </summary>
    private const string EvilPage = """
        <!DOCTYPE html>
        <html><body>
        <iframe name="sink"></iframe>
        <form id="form" method="post" enctype="text/plain" target="sink" action="DASHBOARDapi/studies">
          <input name='{"name":"forged by a form","base":{"data":{"dataset":"toy"},"model":{"family":"mlp","hidden_sizes":[4]},"epochs":1},"pad":"' value='"}'>
        </form>
        <script>
        const dashboard = "DASHBOARD";
        const spec = name => JSON.stringify({ name, base: { data: { dataset: "toy" }, model: { family: "mlp", hidden_sizes: [4] }, epochs: 1 } });
        window.results = {};
        async function attempt(name, action) {
          try { window.results[name] = await action(); } catch (e) { window.results[name] = "error: " + e.name; }
        }
        function socket(path) {
          return new Promise(resolve => {
            const ws = new WebSocket(dashboard.replace(/^http/, "ws") + path);
            let opened = false;
            ws.onopen = () => { opened = true; ws.send('{"protocol":"json","version":1}\u001e'); };
            ws.onmessage = e => { resolve("read: " + e.data); ws.close(); };
            ws.onclose = e => resolve(opened ? "opened, closed " + e.code : "refused " + e.code);
          });
        }
        (async () => {
          await attempt("fetch", async () => (await fetch(dashboard + "api/studies", { method: "POST", headers: { "Content-Type": "text/plain" }, body: spec("forged by fetch") })).status);
          await attempt("noCors", async () => (await fetch(dashboard + "api/studies", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: spec("forged by no-cors") })).type);
          await attempt("form", () => new Promise(resolve => {
            document.querySelector("iframe").addEventListener("load", () => resolve("submitted"), { once: true });
            document.getElementById("form").submit();
          }));
          await attempt("hub", () => socket("hubs/runs"));
          await attempt("circuit", () => socket("_blazor"));
          window.done = true;
        })();
        </script>
        </body></html>
        """;

    [Theory]
    [InlineData("127.0.0.1")] // another port of the same host: same site, another origin
    [InlineData("localhost")] // another site
    public Task PageOfAnotherOrigin_CreatesNothing_AndCannotOpenTheHubOrTheCircuit(string siteHost) => browser.RunAsync(output, async page =>
    {
        await using var site = await OtherOriginSite.StartAsync(EvilPage.Replace("DASHBOARD", browser.BaseUrl.ToString(), StringComparison.Ordinal));
        var p = page.Page;

        await p.GotoAsync($"http://{siteHost}:{site.Port}/");
        await p.WaitForFunctionAsync("() => window.done === true", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var results = await p.EvaluateAsync<JsonElement>("() => window.results");
        output.WriteLine(results.ToString());

        Assert.StartsWith("error: TypeError", results.GetProperty("fetch").GetString(), StringComparison.Ordinal); // the browser withholds the refusal itself
        Assert.Equal("opaque", results.GetProperty("noCors").GetString());
        Assert.Equal("submitted", results.GetProperty("form").GetString());
        Assert.StartsWith("refused", results.GetProperty("hub").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("refused", results.GetProperty("circuit").GetString(), StringComparison.Ordinal);

        // The requests reached the dashboard, and it refused each of them; nothing was created.
        // Chromium marks the posts with Sec-Fetch-Site (same-site: another port of 127.0.0.1) and the WebSockets with their Origin.
        var fetchSite = siteHost == "localhost" ? "cross-site" : "same-site";
        var origin = $"Origin: http://{siteHost}:{site.Port}";
        await WaitForLogAsync(log => CountOf(log, $"403 for POST /api/studies: Refused: this request comes from another site (Sec-Fetch-Site: {fetchSite})") >= 3
            && log.Contains($"403 for GET /hubs/runs: Refused: this request comes from another site ({origin})", StringComparison.Ordinal)
            && log.Contains($"403 for GET /_blazor: Refused: this request comes from another site ({origin})", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var studies = JsonDocument.Parse(await http.GetStringAsync("api/studies")).RootElement.EnumerateArray();
        Assert.DoesNotContain(studies, s => s.GetProperty("name").GetString()!.StartsWith(ForgedName, StringComparison.Ordinal));
    });

    [Fact]
    public Task DashboardsOwnPage_StillCreatesStudies_AndOpensTheHub() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/"); // the circuit connects (its WebSocket carries the dashboard's own Origin)
        var p = page.Page;

        var status = await p.EvaluateAsync<int>("""
            async () => (await fetch("api/studies", { method: "POST", headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ name: "own page", base: { data: { dataset: "toy" }, model: { family: "mlp", hidden_sizes: [4] }, epochs: 1 } }) })).status
            """);
        var hub = await p.EvaluateAsync<string>("""
            () => new Promise(resolve => {
              const ws = new WebSocket(location.origin.replace(/^http/, "ws") + "/hubs/runs");
              ws.onopen = () => ws.send('{"protocol":"json","version":1}\u001e');
              ws.onmessage = e => { resolve("read: " + e.data); ws.close(); };
              ws.onclose = e => resolve("closed " + e.code);
            })
            """);

        Assert.Equal(201, status);
        Assert.Equal("read: {}\u001e", hub); // the handshake's answer
        Assert.Empty(page.Errors);
    });

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("127.0.0.1.evil.example:{port}")]
    public async Task UnknownHost_Is400_InOneLine_BeforeAnythingIsRead(string host)
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        foreach (var path in new[] { "/", "/api/studies", "/css/app.css" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host.Replace("{port}", browser.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var expected = $"Unknown host name \"{request.Headers.Host.Split(':')[0]}\": this dashboard answers only to its own names and addresses; "
                + "to reach it by this name, add the name to AllowedHosts (docs/security.md).";
            var text = await response.Content.ReadAsStringAsync();
            if (path.StartsWith("/api", StringComparison.Ordinal))
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType); // as every API error: {"error": …}
                Assert.Equal(expected, JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
            }
            else
            {
                Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(expected + "\n", text);
            }
        }
    }

    [Theory]
    [InlineData("localhost:{port}")]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("127.0.0.2")]
    [InlineData("[::1]:{port}")]
    public async Task LoopbackHosts_AreAnswered(string host)
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/studies");
        request.Headers.Host = host.Replace("{port}", browser.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Polls the dashboard's log (it arrives through a pipe) until <paramref name="done"/> holds.</summary>
    private async Task WaitForLogAsync(Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done(browser.Dashboard.Log))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the dashboard's log never showed the refusals:\n{browser.Dashboard.Log}");
            }

            await Task.Delay(100);
        }
    }
}
