using System.Text.Json.Nodes;
using Ablation.Dashboard.Hubs;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Ablation.Training.Worker;

namespace Ablation.Tests.Dashboard;

[Collection(TorchCollection.Name)]
public sealed class RunsHubTests : IDisposable
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();

    public void Dispose() => _root.Dispose();

    private static StudySpec OneRun(string name, int epochs) => new()
    {
        Name = name,
        Base = JsonNode.Parse($$"""
            { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] },
              "batch_size": 32, "epochs": {{epochs}}, "log_every": 4 }
            """)!.AsObject(),
    };

    private static Task<TestHub> Connect(DashboardHost host) => TestHub.ConnectAsync(host.Server);

    [Fact]
    public async Task Hub_DeliversTheFollowedStudysUpdates_AndNoOtherStudys()
    {
        using var host = new DashboardHost(_root, maxConcurrentRuns: 2);
        await using var client = await Connect(host);
        var studies = host.Get<StudyService>();
        // Followed before it exists (a fresh database numbers its first study 1), so no update can be missed.
        await client.InvokeAsync("FollowStudy", [1]);
        var followed = await studies.CreateAsync(OneRun("followed", epochs: 3));
        var other = await studies.CreateAsync(OneRun("other", epochs: 1));
        Assert.Equal(1, followed);

        var updates = new List<JsonObject>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var (target, update) in client.CallsAsync(timeout.Token))
        {
            Assert.Equal(RunsHub.UpdateMethod, target);
            updates.Add(update);
            if (update["event"]?.GetValue<string>() == "end")
            {
                break;
            }
        }

        Assert.All(updates, u => Assert.Equal(followed, u["studyId"]!.GetValue<int>()));
        Assert.NotEqual(followed, other);
        Assert.Equal("succeeded", updates[^1]["status"]!.GetValue<string>());
        Assert.Equal(3, updates.Count(u => u["event"]?.GetValue<string>() == "epoch"));
        Assert.Contains(updates, u => u["points"]!.AsArray().Any(p => p!["split"]!.GetValue<string>() == "val" && p["name"]!.GetValue<string>() == "accuracy"));
    }

    [Fact]
    public async Task Watch_PrintsALinePerUpdateOfTheStudy()
    {
        using var host = new DashboardHost(_root);
        await using var watch = Watcher.Start(["watch", "1", "--url", host.Server.BaseAddress.ToString()], TestHub.Transport(host.Server));

        // Watching study 1 before it exists (a fresh database numbers its first study 1).
        await watch.UntilAsync(() => watch.Stdout.StartsWith("watching", StringComparison.Ordinal), "the watching line");
        var studyId = await host.Get<StudyService>().CreateAsync(OneRun("watched", epochs: 2));
        await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == Ablation.Dashboard.Data.RunStatus.Succeeded));
        // The watcher prints the run's end when the hub's update reaches it: wait for that line, not for a while.
        await watch.UntilAsync(() => watch.Stdout.Contains("[baseline] succeeded, epoch 2/2", StringComparison.Ordinal), "the run's end");

        Assert.Equal(0, await watch.StopAsync());
        var lines = watch.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"watching study {studyId}", lines[0]);
        Assert.Contains(lines, l => l.Contains("[baseline] succeeded, epoch 2/2"));
        Assert.Contains(lines, l => l.Contains("val accuracy 0."));
    }

    [Fact]
    public async Task Watch_WhenTheConnectionDrops_ReconnectsAndFollowsTheStudyAgain()
    {
        using var host = new DashboardHost(_root);
        var sockets = new List<System.Net.WebSockets.WebSocket>();
        var transport = TestHub.Transport(host.Server, opened: socket =>
        {
            lock (sockets)
            {
                sockets.Add(socket);
            }
        });
        await using var watch = Watcher.Start(["watch", "1", "--url", host.Server.BaseAddress.ToString()], transport);
        await watch.UntilAsync(() => watch.Stdout.StartsWith("watching study 1", StringComparison.Ordinal), "the watching line");

        // The network drops the connection under the watcher (a dashboard that stops is the next test).
        lock (sockets)
        {
            Assert.Single(sockets).Abort();
        }

        await watch.UntilAsync(() => watch.Stderr.Contains("following study 1 again", StringComparison.Ordinal), "the reconnected line");
        var studyId = await host.Get<StudyService>().CreateAsync(OneRun("after the drop", epochs: 1));
        await watch.UntilAsync(() => watch.Stdout.Contains("[baseline] succeeded, epoch 1/1", StringComparison.Ordinal), "the run's end, after reconnecting");

        Assert.Equal(1, studyId);
        Assert.Equal(0, await watch.StopAsync());
        Assert.Contains("lost the connection", watch.Stderr, StringComparison.Ordinal);
        lock (sockets)
        {
            Assert.True(sockets.Count >= 2, "the watcher opened a new connection");
        }
    }

    [Fact]
    public async Task Watch_SurvivesADashboardRestart()
    {
        var first = new DashboardHost(_root);
        var current = first;
        try
        {
            _ = first.Server; // started
            var transport = TestHub.Transport(null, current: () => Volatile.Read(ref current).Server);
            await using var watch = Watcher.Start(["watch", "1", "--url", first.Server.BaseAddress.ToString()], transport);
            await watch.UntilAsync(() => watch.Stdout.StartsWith("watching study 1", StringComparison.Ordinal), "the watching line");

            // The dashboard stops, and a new one starts on the same database and folders.
            first.Dispose();
            await watch.UntilAsync(() => watch.Stderr.Contains("lost the connection", StringComparison.Ordinal), "the reconnecting line");
            var second = new DashboardHost(_root);
            _ = second.Server;
            Volatile.Write(ref current, second);
            await watch.UntilAsync(() => watch.Stderr.Contains("following study 1 again", StringComparison.Ordinal), "the reconnected line");
            var studyId = await second.Get<StudyService>().CreateAsync(OneRun("after the restart", epochs: 1));
            await watch.UntilAsync(() => watch.Stdout.Contains("[baseline] succeeded, epoch 1/1", StringComparison.Ordinal), "the run's end, on the new dashboard");

            Assert.Equal(1, studyId);
            Assert.Equal(0, await watch.StopAsync());
        }
        finally
        {
            current.Dispose();
            first.Dispose();
        }
    }

    [Fact]
    public async Task Watch_WithoutAStudy_ExitsWith2()
    {
        var stderr = new StringWriter();

        Assert.Equal(2, await WorkerCommand.RunAsync(["watch"], new StringWriter(), stderr));
        Assert.Contains("which study", stderr.ToString());
    }

    /// <summary>`ablate watch` running in the background, its output readable while it runs.</summary>
    private sealed class Watcher : IAsyncDisposable
    {
        // Written by the watcher (its connection's handlers too), read here: synchronized writers, read under their lock.
        private readonly (StringWriter Text, TextWriter Writer) _out = Synchronized();
        private readonly (StringWriter Text, TextWriter Writer) _err = Synchronized();
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(180));
        private Task<int> _running = Task.FromResult(-1);

        public string Stdout => Read(_out);

        public string Stderr => Read(_err);

        public static Watcher Start(string[] args, Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions> transport)
        {
            var watcher = new Watcher();
            watcher._running = WorkerCommand.RunAsync(args, watcher._out.Writer, watcher._err.Writer, transport, watcher._stop.Token);
            return watcher;
        }

        public async Task UntilAsync(Func<bool> done, string what)
        {
            await Eventually.UntilAsync(() => done() || _running.IsCompleted, what);
            Assert.True(done(), $"watch ended (exit {(_running.IsCompletedSuccessfully ? _running.Result : -1)}) before {what}:\n{Stdout}{Stderr}");
        }

        public async Task<int> StopAsync()
        {
            await _stop.CancelAsync();
            return await _running;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
            _stop.Dispose();
        }

        private static (StringWriter, TextWriter) Synchronized()
        {
            var text = new StringWriter();
            return (text, TextWriter.Synchronized(text));
        }

        private static string Read((StringWriter Text, TextWriter Writer) output)
        {
            lock (output.Writer)
            {
                return output.Text.ToString();
            }
        }
    }
}
