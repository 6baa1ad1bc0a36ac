using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Tests.Dashboard;
using Ablation.Tests.Training;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>A dashboard whose worker is the <see cref="ScriptedWorker"/>: runs end in a moment and fail where a test says.</summary>
public sealed class ScriptedWorkerBrowser : FakeWorkerBrowser
{
    public ScriptedWorkerBrowser()
        : base("ablate-scripted-")
    {
        Worker = new ScriptedWorker(Folder);
        WorkerPath = Worker.WorkerPath;
    }

    internal ScriptedWorker Worker { get; }
}

/// <summary>Repeats and retries in Chromium: retry a failed cell from the monitor, then read and open the cells on the results page.</summary>
[Collection(TorchCollection.Name)]
public sealed class RepeatsBrowserTests(ScriptedWorkerBrowser browser, ITestOutputHelper output) : IClassFixture<ScriptedWorkerBrowser>
{
    [Fact]
    public Task FailedCell_RetriedFromTheMonitor_ThenItsRunsOpenBeneathItsRowInTheResults() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        browser.Worker.FailOnce("\"lr\":0.003");
        var study = """
            { "name": "two seeds", "base": { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 1 },
              "axes": [ { "name": "lr", "path": "optimizer.lr", "values": [0.01, 0.003] } ], "repeats": 2 }
            """;
        using var created = await http.PostAsync("/api/studies", new StringContent(study, Encoding.UTF8, "application/json"));
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();

        await page.GotoAsync($"/studies/{id}");
        await page.WaitForInteractiveAsync(); // what follows reads the page: the circuit's, not the prerendered one it replaces
        await p.WaitForFunctionAsync("() => document.querySelectorAll('tr.run-row[data-status=\"succeeded\"]').length === 3 && document.querySelectorAll('tr.run-row[data-status=\"failed\"]').length === 1",
            null, new() { Timeout = 60_000 });
        var failedRow = p.Locator("tr.run-row[data-status=\"failed\"]");
        Assert.Contains("lr=0.003", await failedRow.InnerTextAsync(), StringComparison.Ordinal);
        var failedId = (await http.GetFromJsonAsync<JsonObject>($"/api/studies/{id}"))!["runs"]!.AsArray()
            .Single(r => r!["status"]!.GetValue<string>() == "failed")!["id"]!.GetValue<int>();

        // The failed run's batch loss is on the live loss chart, beside the three others.
        const string LossCurves = "() => [...document.querySelectorAll('.js-plotly-plot')].find(el => el.layout?.title?.text?.startsWith('Training loss'))?.data?.map(t => t.name) ?? []";
        await p.WaitForFunctionAsync($"() => ({LossCurves})().length === 4", null, new() { Timeout = 30_000 });
        Assert.Contains(await p.EvaluateAsync<string[]>(LossCurves), n => n.StartsWith($"#{failedId} ", StringComparison.Ordinal));

        // Retry the cell: its failed run trains again; the three succeeded runs stay as they were.
        await failedRow.Locator(".retry-cell").ClickAsync();
        await p.WaitForFunctionAsync("() => document.querySelectorAll('tr.run-row[data-status=\"succeeded\"]').length === 4",
            null, new() { Timeout = 60_000 });

        // The replaced attempt's curve leaves the live chart at once, as a reload would leave it out; its retry's is there.
        await p.WaitForFunctionAsync($"() => ({LossCurves})().length === 4 && !({LossCurves})().some(n => n.startsWith('#{failedId} '))",
            null, new() { Timeout = 10_000 });
        Assert.Equal(4, await p.Locator("tr.run-row").CountAsync());
        var attempt = p.Locator("tr.attempt-row");
        Assert.Contains($"#{failedId} failed", await attempt.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("scripted failure", await attempt.InnerTextAsync(), StringComparison.Ordinal);
        var runs = (await http.GetFromJsonAsync<JsonObject>($"/api/studies/{id}"))!["runs"]!.AsArray();
        Assert.Equal(4, runs.Count);

        // The results open per cell (every cell has two runs): mean ± std and n; a cell's runs open beneath it.
        await page.GotoAsync($"/studies/{id}/results");
        await page.WaitForInteractiveAsync(); // what follows reads the page: the circuit's, not the prerendered one it replaces
        var cellRows = p.Locator("table.cells tr.cell-row");
        await cellRows.First.WaitForAsync();
        Assert.Equal(2, await cellRows.CountAsync());
        var cell = p.Locator("table.cells tr.cell-row[data-cell=\"lr=0.003\"]");
        Assert.Contains("2 / 2", await cell.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("±", await cell.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await p.Locator("table.cells tr.cell-run").CountAsync());
        Assert.Equal(1, await p.Locator("table.cells tr.cell-row.best").CountAsync());

        await cell.Locator("button.expand").ClickAsync();
        await p.Locator("table.cells tr.cell-run").First.WaitForAsync();
        var shown = await p.Locator("table.cells tr.cell-run").EvaluateAllAsync<int[]>("rows => rows.map(r => +r.dataset.run)");
        var expected = runs.Where(r => r!["label"]!.GetValue<string>() == "lr=0.003").Select(r => r!["id"]!.GetValue<int>()).ToArray();
        Assert.Equal(expected.Order(), shown.Order());
        Assert.DoesNotContain(failedId, shown); // the earlier attempt is not a result

        // The per-run table is still there.
        await p.GetByText("Per run").ClickAsync();
        await p.Locator("table.per-run tbody tr").First.WaitForAsync();
        Assert.Equal(4, await p.Locator("table.per-run tbody tr").CountAsync());
        Assert.Empty(page.Errors);
    });
}
