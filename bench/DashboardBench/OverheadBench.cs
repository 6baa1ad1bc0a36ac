using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Tests.Browser;

namespace Ablation.Bench;

/// <summary>
/// The same run spec trained by the worker alone (a process started by hand) and launched from the
/// dashboard (created through the REST API, started by the scheduler, its output read, stored and
/// published by the supervisor), alternating which goes first. Compares wall time from the
/// worker's start to the run's end (the dashboard's started_at → ended_at, which also covers the
/// last database write) and the worker's own `seconds`.
/// </summary>
internal static class OverheadBench
{
    public static async Task RunAsync(int epochs, int subset, int testSubset, int repeat, int threads)
    {
        var spec = JsonNode.Parse($$"""
            { "data": { "dataset": "fashion-mnist", "validation_fraction": 0.1, "subset": {{subset}}, "test_subset": {{testSubset}} },
              "model": { "family": "cnn", "conv_channels": [32, 64], "kernel_size": 3, "batch_norm": true, "dropout": 0.1,
                         "activation": "relu", "block_order": ["conv", "bn", "act", "pool"] },
              "loss": { "name": "cross_entropy" }, "optimizer": { "name": "adam", "lr": 0.001 },
              "batch_size": 128, "epochs": {{epochs}}, "seed": 1, "device": "cpu" }
            """)!.AsObject();
        Console.WriteLine($"overhead: the issue's CNN on Fashion-MNIST (subset {subset}, test subset {testSubset}), {epochs} epochs, {threads} threads, {repeat} repeats");

        await using var dashboard = await DashboardProcess.StartAsync(new Dictionary<string, string>
        {
            ["Scheduler:MaxConcurrentRuns"] = "1",
            ["Training:Threads"] = threads.ToString(CultureInfo.InvariantCulture),
            ["Training:Device"] = "cpu",
        });
        using var api = new DashboardApiClient(dashboard.BaseUrl);
        var worker = Path.Combine(Path.GetDirectoryName(DashboardProcess.Executable())!, "ablate-worker");
        var specPath = Path.Combine(dashboard.RootPath, "overhead-spec.json");
        await File.WriteAllTextAsync(specPath, spec.ToJsonString());

        var rows = new List<(double WorkerWall, double DashboardWall, double WorkerSeconds, double DashboardSeconds)>();
        Console.WriteLine("repeat  worker alone (s)  from dashboard (s)  ratio   | worker-reported seconds: alone  dashboard  ratio");
        for (var r = 1; r <= repeat; r++)
        {
            double workerWall = 0, workerSeconds = 0, dashboardWall = 0, dashboardSeconds = 0;
            async Task Alone() => (workerWall, workerSeconds) = await RunWorkerAsync(worker, specPath, dashboard.RootPath, threads, r);
            async Task FromDashboard() => (dashboardWall, dashboardSeconds) = await RunFromDashboardAsync(api, spec, r);
            if (r % 2 == 1)
            {
                await Alone();
                await FromDashboard();
            }
            else
            {
                await FromDashboard();
                await Alone();
            }

            rows.Add((workerWall, dashboardWall, workerSeconds, dashboardSeconds));
            Console.WriteLine($"{r,6}  {workerWall,16:F2}  {dashboardWall,18:F2}  {dashboardWall / workerWall,5:F3}   | {workerSeconds,30:F2}  {dashboardSeconds,9:F2}  {dashboardSeconds / workerSeconds,5:F3}");
        }

        var wall = rows.Sum(x => x.DashboardWall) / rows.Sum(x => x.WorkerWall);
        var inner = rows.Sum(x => x.DashboardSeconds) / rows.Sum(x => x.WorkerSeconds);
        Console.WriteLine($"RESULT overhead: dashboard / worker alone = {wall:F3} (wall, goal <= 1.03); worker-reported seconds {inner:F3}; "
            + $"median per-repeat ratio {Stats.Median([.. rows.Select(x => x.DashboardWall / x.WorkerWall)]):F3}");
    }

    private static async Task<(double Wall, double Seconds)> RunWorkerAsync(string worker, string specPath, string root, int threads, int repeat)
    {
        var start = new ProcessStartInfo(worker)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "run", specPath, "--out", Path.Combine(root, $"alone-{repeat}"), "--data-root", Path.Combine(root, "data"), "--threads", threads.ToString(CultureInfo.InvariantCulture), "--device", "cpu" })
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string? last = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            last = line;
        }

        await process.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"the worker exited with {process.ExitCode}: {await stderr}");
        }

        return (wall, JsonNode.Parse(last)!["metrics"]!["seconds"]!.GetValue<double>());
    }

    private static async Task<(double Wall, double Seconds)> RunFromDashboardAsync(DashboardApiClient api, JsonObject spec, int repeat)
    {
        var study = new JsonObject { ["name"] = $"overhead {repeat}", ["base"] = spec.DeepClone() };
        var id = await api.CreateStudyAsync(study);
        var run = (await api.WaitForStudyAsync(id, TimeSpan.FromHours(1))).Single()!;
        var started = run["started_at"]!.GetValue<DateTimeOffset>();
        var ended = run["ended_at"]!.GetValue<DateTimeOffset>();
        return ((ended - started).TotalSeconds, run["final_metrics"]!["seconds"]!.GetValue<double>());
    }
}
