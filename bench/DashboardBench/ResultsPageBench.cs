using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ablation.Contracts.Events;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ablation.Bench;

/// <summary>
/// The results page of a large finished study. The study is written straight into the dashboard's
/// database: a real grid (bn × dropout × lr, expanded by GridExpander) whose runs carry synthetic
/// worker output — the lines a worker writes for Fashion-MNIST (8 batch events and one epoch event
/// per epoch), turned into points as the supervisor does (RunEventJson, EventPoints). Synthetic because
/// training 100 × 50 epochs would take days here; the page's work depends on the number of runs
/// and points, not on their values. Then: the server's render of /studies/N/results (the
/// prerendered HTML, timed by an HTTP client) and, in Chromium, from navigation start until the
/// chart has drawn every run's curve.
/// </summary>
internal static class ResultsPageBench
{
    private const int StepsPerEpoch = 422;

    // A timeline in performance.now() time: when plotly.js and the circuit's WebSocket arrive, and
    // when each Plotly.react starts and ends (with the plot element's id).
    private const string Timeline = """
        window.__timeline = [];
        (function hook() {
          const mark = (what) => window.__timeline.push([what, performance.now()]);
          const Ws = window.WebSocket;
          window.WebSocket = function (...args) {
            const ws = new Ws(...args);
            mark('websocket opened');
            let first = true;
            ws.addEventListener('message', () => { if (first) { first = false; mark('first circuit message'); } });
            return ws;
          };
          window.WebSocket.prototype = Ws.prototype;
          Object.assign(window.WebSocket, Ws);
          (function plotly() {
            const p = window.Plotly;
            if (!p) { setTimeout(plotly, 2); return; }
            mark('plotly.js evaluated');
            const react = p.react;
            p.react = function (element) {
              const id = element.id || element.parentElement?.id || '?';
              mark(`react ${id} start`);
              return Promise.resolve(react.apply(this, arguments)).then(r => { mark(`react ${id} end`); return r; });
            };
          })();
        })();
        """;
    private const int LogEvery = 50;

    /// <param name="seeds">Runs per cell: past one, the page aggregates each cell into a mean line and a band.</param>
    public static async Task RunAsync(int runs, int epochs, int repeat, int seeds = 1)
    {
        if (seeds < 1 || runs % (10 * seeds) != 0)
        {
            throw new ArgumentException("--runs must be a multiple of 10 × --seeds (2 bn × 5 dropout × lr values × seeds)");
        }

        var cells = runs / seeds;
        await using var dashboard = await DashboardProcess.StartAsync();
        var (id, points) = await SeedAsync(Path.Combine(dashboard.RootPath, "ablation.db"), runs, epochs, seeds);
        Console.WriteLine($"results: study {id}, {runs} runs ({cells} cells x {seeds} seeds) x {epochs} epochs, {points:N0} points; {repeat} loads each");

        var url = new Uri(dashboard.BaseUrl, $"studies/{id}/results");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        // The page keeps a study's results for 10 s (ResultsCache): each timed render waits that out,
        // so it reads the database like a first visit does; one render right after shows a cache hit.
        var server = new List<double>();
        for (var i = 0; i <= repeat; i++)
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(11));
            }

            var ms = await RenderAsync(http, url);
            Console.WriteLine($"  server render {(i == 0 ? "(first after start, JIT cold)" : $"#{i}")}: {ms:F0} ms");
            if (i > 0)
            {
                server.Add(ms);
            }
        }

        Console.WriteLine($"  server render again at once (results cached): {await RenderAsync(http, url):F0} ms");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        // Cold: every load in a fresh browser context (empty HTTP and code caches), as a first visit.
        var drawn = new List<double>();
        var interactive = new List<double>();
        for (var i = 1; i <= repeat; i++)
        {
            await using var context = await NewContextAsync(browser);
            var (chart, circuit) = await LoadAsync(context, url, runs, cells * epochs, $"#{i}", screenshot: i == 1);
            drawn.Add(chart);
            interactive.Add(circuit);
        }

        // Repeat view: one browser profile that has opened the dashboard before (its home page, then
        // this page once, not counted), loading the page again in a new tab each time, as someone
        // who keeps the dashboard open does; its caches hold plotly.js and its compiled code.
        var warm = new List<double>();
        var warmInteractive = new List<double>();
        await using (var context = await NewContextAsync(browser))
        {
            var home = await context.NewPageAsync();
            await home.GotoAsync(new Uri(dashboard.BaseUrl, "/").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            await home.CloseAsync();
            await LoadAsync(context, url, runs, cells * epochs, "warm-up (not counted)", screenshot: false);
            for (var i = 1; i <= repeat; i++)
            {
                var (chart, circuit) = await LoadAsync(context, url, runs, cells * epochs, $"repeat view #{i}", screenshot: false);
                warm.Add(chart);
                warmInteractive.Add(circuit);
            }
        }

        // Issue 3: 100 runs, server render < 500 ms, chart < 2 s; issue 5: 1,000 runs usable < 3 s.
        var (serverGoal, pageGoal) = runs >= 1000 ? ("none", 3000) : ("< 500", 2000);
        Console.WriteLine($"RESULT results page ({runs} runs): server render median {Stats.Median(server):F0} ms, max {server.Max():F0} ms (goal {serverGoal}); "
            + $"chart drawn in Chromium median {Stats.Median(drawn):F0} ms, max {drawn.Max():F0} ms first visit, "
            + $"median {Stats.Median(warm):F0} ms, max {warm.Max():F0} ms repeat view (goal < {pageGoal}); "
            + $"interactive (the circuit's first render in place) median {Stats.Median(interactive):F0} ms first visit, {Stats.Median(warmInteractive):F0} ms repeat view");
    }

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser) =>
        browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });

    /// <summary>
    /// Opens the results page in a new tab of the context and times it until the chart has drawn
    /// every line, and until the page is interactive: the circuit's first render has replaced the
    /// prerendered page (its prerendered figure script is gone).
    /// </summary>
    private static async Task<(double Drawn, double Interactive)> LoadAsync(IBrowserContext context, Uri url, int runs, int linePoints, string name, bool screenshot)
    {
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync(Timeline);
        // BENCH_TRACE=DIR keeps a Chrome performance trace of each load (chrome://tracing, Perfetto).
        var traceDir = Environment.GetEnvironmentVariable("BENCH_TRACE");
        var trace = string.IsNullOrEmpty(traceDir) ? null : await ChromeTrace.StartAsync(context, page);

        await page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync(
            // Every run's curve is in the chart's data (runs share traces past a dozen) and every trace is drawn.
            "() => [...document.querySelectorAll('#results-charts .js-plotly-plot')].some(p => p.data && "
            // With seeds the lines are the cells' means (bands, filled, not counted).
            + $"p.data.filter(t => !t.fill).reduce((n, t) => n + t.y.filter(v => v !== null).length, 0) >= {linePoints} && "
            + "p.querySelectorAll('.scatterlayer .trace').length === p.data.length)",
            null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 10 });
        var ms = await page.EvaluateAsync<double>("() => performance.now()");
        await page.WaitForFunctionAsync(
            "() => window.__timeline.some(m => m[0] === 'first circuit message') && !document.querySelector('script.prefigure')",
            null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 10 });
        var interactive = await page.EvaluateAsync<double>("() => performance.now()");
        if (trace is not null)
        {
            var path = Path.Combine(traceDir!, $"results-{runs}-{string.Concat(name.Where(char.IsLetterOrDigit))}.json");
            await trace.StopAsync(path);
            // The drawn figure too, to replay plotly's share of the time on its own.
            var figure = await page.EvaluateAsync<string>(
                "() => { const p = document.querySelector('#results-charts .js-plotly-plot'); return JSON.stringify({ data: p.data, layout: p.layout }); }");
            await File.WriteAllTextAsync(Path.ChangeExtension(path, ".figure.json"), figure);
            var nodes = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
            Console.WriteLine($"  trace: {path} ({nodes} elements in the page)");
        }

        var html = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
        var timeline = await page.EvaluateAsync<JsonElement>("() => window.__timeline");
        var marks = string.Join(", ", timeline.EnumerateArray().Select(m => $"{m[0].GetString()} {m[1].GetDouble():F0}"));
        Console.WriteLine($"  Chromium {name}: chart with all {runs} runs drawn {ms:F0} ms after navigation start, interactive at {interactive:F0} ms (HTML loaded {html:F0} ms; {marks})");
        if (screenshot)
        {
            var shot = Path.Combine(Path.GetTempPath(), "results-bench.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            Console.WriteLine($"  screenshot: {shot}");
        }

        await page.CloseAsync();
        return (ms, interactive);
    }

    private static async Task<double> RenderAsync(HttpClient http, Uri url)
    {
        var clock = Stopwatch.StartNew();
        var html = await http.GetStringAsync(url);
        clock.Stop();
        return html.Contains("results-charts", StringComparison.Ordinal)
            ? clock.Elapsed.TotalMilliseconds
            : throw new InvalidOperationException("the results page did not render its charts section");
    }

    internal static async Task<(int Study, int Points)> SeedAsync(string database, int runs, int epochs, int seeds)
    {
        var spec = new StudySpec
        {
            Name = $"benchmark: {runs} runs x {epochs} epochs (synthetic worker output)",
            Description = "Written by bench/dashboard.sh results; the values are synthetic.",
            Base = JsonNode.Parse($$"""{ "data": { "dataset": "fashion-mnist" }, "model": { "family": "cnn" }, "epochs": {{epochs}}, "log_every": {{LogEvery}} }""")!.AsObject(),
            Axes =
            [
                new Axis("bn", "model.batch_norm", [true, false]),
                new Axis("dropout", "model.dropout", [0.0, 0.1, 0.2, 0.3, 0.4]),
                new Axis("lr", "optimizer.lr", [.. Enumerable.Range(0, runs / (10 * seeds)).Select(i => (JsonNode?)Math.Round(1e-2 / Math.Pow(2, i), 8))]),
            ],
            Repeats = seeds,
        };
        var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Converters = { new JsonStringEnumConverter() } };
        var now = DateTimeOffset.UtcNow;
        var study = new Study
        {
            Name = spec.Name, Description = spec.Description, Dataset = "fashion-mnist", SpecJson = JsonSerializer.Serialize(spec, json),
            GridMode = spec.Mode.ToString(), Repeats = seeds, CreatedAt = now, UpdatedAt = now,
        };
        var random = new Random(1);
        var lines = new Dictionary<Run, List<string>>();
        foreach (var planned in GridExpander.Runs(spec))
        {
            var run = new Run
            {
                Label = planned.Cell.Label, CellJson = JsonSerializer.Serialize(planned.Cell.Values), Repeat = planned.Repeat, Seed = planned.Seed,
                SpecJson = planned.Spec.ToJsonString(), Status = RunStatus.Succeeded, Device = "cpu", Parameters = 50378,
                Epochs = epochs, EpochsDone = epochs, QueuedAt = now, StartedAt = now, EndedAt = now.AddSeconds(epochs * 30),
            };
            lines[run] = WorkerOutput(epochs, random, out var final);
            run.FinalMetricsJson = final;
            study.Runs.Add(run);
        }

        var options = new DbContextOptionsBuilder<AblationDb>().UseSqlite($"Data Source={database}").Options;
        await using var db = new AblationDb(options);
        db.Studies.Add(study);
        await db.SaveChangesAsync();
        var count = 0;
        foreach (var (run, output) in lines)
        {
            long lastStep = 0;
            foreach (var line in output)
            {
                var e = RunEventJson.Read(line).Event ?? throw new InvalidOperationException($"not a worker line: {line}");
                foreach (var p in EventPoints.Of(e, lastStep))
                {
                    lastStep = Math.Max(lastStep, p.Step);
                    db.Points.Add(new MetricPoint { StudyId = study.Id, RunId = run.Id, Step = p.Step, Epoch = p.Epoch, Split = p.Split, Name = p.Name, Value = p.Value, Time = p.Time });
                    count++;
                }
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return (study.Id, count);
    }

    /// <summary>A worker's batch, epoch and final lines with plausible learning curves.</summary>
    private static List<string> WorkerOutput(int epochs, Random random, out string final)
    {
        var ceiling = 0.85 + (0.07 * random.NextDouble());
        var speed = 2 + (4 * random.NextDouble());
        var lines = new List<string>();
        double time = 0;
        double Accuracy(double epoch, double offset) => Math.Round((ceiling - offset) * (1 - (0.6 * Math.Exp(-epoch / speed))) + (0.005 * random.NextDouble()), 5);
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        for (var e = 1; e <= epochs; e++)
        {
            for (var s = LogEvery; s <= StepsPerEpoch; s += LogEvery)
            {
                time += 3.5;
                var step = ((e - 1) * StepsPerEpoch) + s;
                lines.Add($$"""{"event":"batch","time":{{N(time)}},"epoch":{{e}},"step":{{step}},"loss":{{N(Math.Round(1.6 * Math.Exp(-step / 2000.0) + 0.2 + (0.05 * random.NextDouble()), 5))}},"lr":0.001}""");
            }

            time += 5;
            var (train, val, test) = (Accuracy(e, -0.03), Accuracy(e, 0), Accuracy(e, 0.01));
            var metrics = new JsonObject
            {
                ["epoch"] = e, ["train_loss"] = 1 - train, ["train_accuracy"] = train, ["val_loss"] = 1.1 - val, ["val_accuracy"] = val,
                ["test_loss"] = 1.1 - test, ["test_accuracy"] = test, ["lr"] = 0.001, ["train_seconds"] = 28, ["epoch_seconds"] = 30, ["samples_per_second"] = 1900,
            };
            lines.Add(new JsonObject { ["event"] = "epoch", ["time"] = time, ["epochs"] = epochs, ["metrics"] = metrics }.ToJsonString());
        }

        var last = Accuracy(epochs, 0.01);
        final = new JsonObject
        {
            ["test_accuracy"] = last, ["test_loss"] = 1.1 - last, ["best_val_accuracy"] = Accuracy(epochs, 0), ["best_val_epoch"] = epochs,
            ["mean_epoch_seconds"] = 30, ["parameters"] = 50378, ["epochs_completed"] = epochs, ["seconds"] = time,
        }.ToJsonString();
        return lines;
    }
}
