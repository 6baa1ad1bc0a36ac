using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Tests.Training;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// A dashboard whose worker reports one epoch, waits until the test lets it go on (<see cref="Release"/>),
/// then reports another and diverges (exit 3): what a run that blows up while someone watches looks like.
/// </summary>
public sealed class DivergingWorkerBrowser : FakeWorkerBrowser
{
    public DivergingWorkerBrowser()
        : base("ablate-diverging-") => WorkerPath = WriteScript("""
            #!/usr/bin/env bash
            exec >> "$4/events.jsonl"  # events go to the run folder's events file (docs/worker.md), which the dashboard stores from
            echo '{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":3,"resumed_from_epoch":0}'
            echo '{"event":"batch","time":0.2,"epoch":1,"step":5,"loss":1.2,"lr":0.1}'
            echo '{"event":"epoch","time":0.3,"epochs":3,"metrics":{"epoch":1,"train_loss":1.0,"train_accuracy":0.4,"val_loss":0.9,"val_accuracy":0.5,"test_loss":0.9,"test_accuracy":0.5,"lr":0.1,"train_seconds":0.1,"epoch_seconds":0.2,"samples_per_second":100}}'
            for i in $(seq 600); do [ -e "$(dirname "$0")/go" ] && break; sleep 0.1; done
            echo '{"event":"batch","time":4.2,"epoch":2,"step":10,"loss":7.5,"lr":0.1}'
            echo '{"event":"epoch","time":4.3,"epochs":3,"metrics":{"epoch":2,"train_loss":3.0,"train_accuracy":0.3,"val_loss":2.9,"val_accuracy":0.35,"test_loss":2.9,"test_accuracy":0.35,"lr":0.1,"train_seconds":0.1,"epoch_seconds":0.2,"samples_per_second":100}}'
            echo '{"event":"diverged","time":4.4,"epoch":3,"step":12,"loss":"NaN"}'
            echo 'ablate: diverged: the loss became NaN or infinite' >&2
            exit 3
            """);

    /// <summary>Lets the waiting worker go on to its divergence.</summary>
    public void Release() => File.WriteAllText(Path.Combine(Folder, "go"), "");
}

[Collection(TorchCollection.Name)]
public sealed class DivergenceBrowserTests(DivergingWorkerBrowser browser, ITestOutputHelper output) : IClassFixture<DivergingWorkerBrowser>
{
    private const string HasTrace = "key => [...document.querySelectorAll('.js-plotly-plot')].filter(p => (p.data || []).some(t => t.key === key)).length";

    [Fact]
    public Task RunDivergingWhileWatched_GetsItsDivergedCross_OnBothLiveCharts_WithoutAReload() => browser.RunAsync(output, async page =>
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var study = """{ "name": "diverges", "base": { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 3 } }""";
        using var created = await http.PostAsync("/api/studies", new StringContent(study, Encoding.UTF8, "application/json"));
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        var runId = (await http.GetFromJsonAsync<JsonObject>($"/api/studies/{id}"))!["runs"]![0]!["id"]!.GetValue<int>();
        var marker = $"run-{runId}/diverged/end";

        await page.GotoAsync($"/studies/{id}");
        await page.WaitForInteractiveAsync(); // what follows reads the page: the circuit's, not the prerendered one it replaces
        await page.Page.WaitForFunctionAsync($"() => [...document.querySelectorAll('.js-plotly-plot')].some(p => (p.data || []).some(t => t.key === 'run-{runId}'))");
        Assert.Equal(0, await page.Page.EvaluateAsync<int>(HasTrace, marker)); // still training: no cross yet

        browser.Release();
        await page.Page.WaitForFunctionAsync($"key => ({HasTrace})(key) === 2", marker, new() { Timeout = 30_000 });
        await page.Page.Locator("text=diverged").First.WaitForAsync();
        Assert.Empty(page.Errors);
    });
}
