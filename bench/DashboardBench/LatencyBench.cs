using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Hosting;
using Ablation.Tests.Browser;
using Microsoft.Playwright;

namespace Ablation.Bench;

/// <summary>
/// From a worker's epoch line to the browser's chart: the dashboard runs its workers through
/// bench/stamp-worker.sh, which notes the wall-clock time each epoch line leaves the worker; a
/// Chromium page on the study's monitor notes when plotly has finished drawing each new
/// validation-accuracy point (the promise of Plotly.extendTraces / addTraces). Both clocks are
/// this machine's. Points already on the page when it first draws are not counted.
/// </summary>
internal static class LatencyBench
{
    // Wraps plotly's two incremental calls as soon as plotly.js has loaded.
    private const string Instrument = """
        window.__marks = [];
        (function hook() {
          const p = window.Plotly;
          if (!p) { setTimeout(hook, 2); return; }
          const title = gd => JSON.stringify((gd.layout || {}).title || "");
          const note = (gd, key, xs) => { const t = Date.now(); for (const x of xs) window.__marks.push({ t, key, x, chart: title(gd) }); };
          const extend = p.extendTraces;
          p.extendTraces = function (gd, update, indices, max) {
            const keys = indices.map(i => gd.data[i].uid);
            return Promise.resolve(extend.apply(this, arguments)).then(r => { indices.forEach((_, i) => note(gd, keys[i], update.x[i])); return r; });
          };
          const add = p.addTraces;
          p.addTraces = function (gd, traces) {
            const list = Array.isArray(traces) ? traces : [traces];
            return Promise.resolve(add.apply(this, arguments)).then(r => { for (const tr of list) note(gd, tr.uid, tr.x || []); return r; });
          };
        })();
        """;

    public static async Task RunAsync(int runs, int epochs, int subset, int testSubset)
    {
        var repo = RepoRoot.Find() ?? throw new InvalidOperationException("run from the repository");
        var log = Path.Combine(Path.GetTempPath(), $"ablate-stamps-{Environment.ProcessId}.tsv");
        File.Delete(log);
        Environment.SetEnvironmentVariable("ABLATE_REAL_WORKER", Path.Combine(Path.GetDirectoryName(DashboardProcess.Executable())!, "ablate-worker"));
        Environment.SetEnvironmentVariable("ABLATE_STAMP_LOG", log);
        Console.WriteLine($"latency: {runs} runs at once, {epochs} epochs each (an MLP on a {subset}-image Fashion-MNIST subset), one browser on the monitor");

        await using var dashboard = await DashboardProcess.StartAsync(new Dictionary<string, string>
        {
            ["Scheduler:MaxConcurrentRuns"] = runs.ToString(CultureInfo.InvariantCulture),
            ["Training:Threads"] = "1",
            ["Training:Device"] = "cpu",
            ["Scheduler:WorkerPath"] = Path.Combine(repo, "bench", "stamp-worker.sh"),
        });
        using var api = new DashboardApiClient(dashboard.BaseUrl);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(Instrument);

        var values = new JsonArray([.. Enumerable.Range(0, runs).Select(i => (JsonNode)(128 + (64 * i)))]);
        var study = JsonNode.Parse($$"""
            { "name": "latency",
              "base": { "data": { "dataset": "fashion-mnist", "subset": {{subset}}, "test_subset": {{testSubset}} },
                        "model": { "family": "mlp", "hidden_sizes": [128] }, "batch_size": 64, "epochs": {{epochs}}, "log_every": 5, "device": "cpu" },
              "axes": [ { "name": "hidden", "path": "model.hidden_sizes", "values": [] } ] }
            """)!.AsObject();
        study["axes"]![0]!["values"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonArray(v!.DeepClone()))]);
        var id = await api.CreateStudyAsync(study);
        await page.GotoAsync(new Uri(dashboard.BaseUrl, $"studies/{id}").ToString());
        await api.WaitForStudyAsync(id, TimeSpan.FromMinutes(30));
        await Task.Delay(1500); // the last points' way to the page

        var worker = File.ReadAllLines(log).Select(line => line.Split('\t')).ToDictionary(
            f => (Key: Path.GetFileName(f[1]), Epoch: JsonNode.Parse(f[2])!["metrics"]!["epoch"]!.GetValue<int>()),
            f => double.Parse(f[0], CultureInfo.InvariantCulture) * 1000);
        var marks = JsonSerializer.Deserialize<List<Mark>>(await page.EvaluateAsync<string>("JSON.stringify(window.__marks)"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var drawn = marks.Where(m => m.Chart.Contains("Validation accuracy", StringComparison.Ordinal))
            .GroupBy(m => (m.Key, Epoch: (int)Math.Round(m.X)))
            .ToDictionary(g => g.Key, g => g.Min(m => m.T));
        var latencies = drawn.Where(d => worker.ContainsKey(d.Key)).Select(d => d.Value - worker[d.Key]).ToList();
        var drawnOnLoad = worker.Count - latencies.Count;
        if (latencies.Count == 0)
        {
            throw new InvalidOperationException($"no epoch point reached the browser's chart as an update ({worker.Count} epoch lines written)");
        }

        Console.WriteLine($"epoch lines written: {worker.Count}; drawn as live updates: {latencies.Count}; already on the page at its first draw: {drawnOnLoad}");
        Console.WriteLine($"latency ms: min {latencies.Min():F0}, median {Stats.Median(latencies):F0}, p90 {Stats.Percentile(latencies, 90):F0}, max {latencies.Max():F0}");
        Console.WriteLine($"RESULT latency: p95 {Stats.Percentile(latencies, 95):F0} ms (goal < 250) over {latencies.Count} epoch points");
        File.Delete(log);
    }

    private sealed record Mark(double T, string Key, double X, string Chart);
}
