using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Tests.Training;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// A watched study loses its connection: the page says it is reconnecting, and once back it shows
/// what happened meanwhile (the run's second epoch and its divergence), without a reload.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ReconnectBrowserTests(DivergingWorkerBrowser browser, ITestOutputHelper output) : IClassFixture<DivergingWorkerBrowser>
{
    // Every circuit WebSocket the page opens, so the test can cut the connection.
    private const string KeepSockets = """
        window.__sockets = [];
        const Ws = window.WebSocket;
        window.WebSocket = function (...args) { const ws = new Ws(...args); window.__sockets.push(ws); return ws; };
        window.WebSocket.prototype = Ws.prototype;
        Object.assign(window.WebSocket, Ws);
        """;

    [Fact]
    public Task ConnectionLoss_ShowsReconnecting_ThenThePageCatchesUpOnWhatItMissed() => browser.RunAsync(output, async page =>
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var study = """{ "name": "watched from afar", "base": { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 3 } }""";
        using var created = await http.PostAsync("/api/studies", new StringContent(study, Encoding.UTF8, "application/json"));
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        var runId = (await http.GetFromJsonAsync<JsonObject>($"/api/studies/{id}"))!["runs"]![0]!["id"]!.GetValue<int>();
        var p = page.Page;
        await p.AddInitScriptAsync(KeepSockets);
        var offline = false;
        await p.RouteAsync("**/_blazor/negotiate**", route => offline ? route.AbortAsync() : route.ContinueAsync());

        await page.GotoAsync($"/studies/{id}");
        await page.WaitForInteractiveAsync(); // its circuit is the connection the test cuts
        var accuracyPoints = $"() => Math.max(0, ...[...document.querySelectorAll('.js-plotly-plot')].flatMap(p => (p.data || []).filter(t => t.key === 'run-{runId}').map(t => t.x.length)))";
        await p.WaitForFunctionAsync($"() => ({accuracyPoints})() >= 1");
        Assert.False(await p.IsVisibleAsync("#components-reconnect-modal"));

        // Cut the connection and keep it cut: the banner says so.
        offline = true;
        await p.EvaluateAsync("() => window.__sockets.forEach(s => s.close())");
        await p.Locator("#components-reconnect-modal .reconnecting").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 15_000 });

        // Meanwhile the run trains on and diverges; the dashboard records it.
        browser.Release();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await http.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}"))!["status"]!.GetValue<string>() != "diverged")
        {
            Assert.True(DateTime.UtcNow < deadline, "the run did not diverge");
            await Task.Delay(200);
        }

        Assert.True(await p.IsVisibleAsync("#components-reconnect-modal"));
        Assert.Equal(1, await p.EvaluateAsync<int>(accuracyPoints)); // the page has not seen epoch 2

        // Back online: the banner goes, and the charts hold the epoch and the divergence they missed.
        offline = false;
        await p.Locator("#components-reconnect-modal").WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = 60_000 });
        await p.WaitForFunctionAsync($"() => ({accuracyPoints})() === 2", null, new() { Timeout = 30_000 });
        await p.WaitForFunctionAsync($"() => [...document.querySelectorAll('.js-plotly-plot')].some(p => (p.data || []).some(t => t.key === 'run-{runId}/end'))", null, new() { Timeout = 30_000 });
        await p.Locator("table.grid >> text=diverged").First.WaitForAsync();
    });
}
