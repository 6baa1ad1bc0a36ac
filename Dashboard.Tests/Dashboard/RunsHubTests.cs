using System.Text.Json.Nodes;
using Ablation.Dashboard.Hubs;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Ablation.Training.Watch;

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

    private static Task<HubClient> Connect(DashboardHost host)
    {
        var sockets = host.Server.CreateWebSocketClient();
        return HubClient.ConnectAsync(HubClient.WebSocketUri(host.Server.BaseAddress, RunsHub.Path), (uri, ct) => sockets.ConnectAsync(uri, ct));
    }

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
        await foreach (var (target, arguments) in client.InvocationsAsync(timeout.Token))
        {
            Assert.Equal(RunsHub.UpdateMethod, target);
            var update = (JsonObject)arguments[0]!;
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
        var sockets = host.Server.CreateWebSocketClient();
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text); // written by the watcher, read here
        string Output()
        {
            lock (output)
            {
                return text.ToString();
            }
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Watching study 1 before it exists (a fresh database numbers its first study 1).
        var watching = WatchCommand.RunAsync(["1", "--url", host.Server.BaseAddress.ToString()], output, new StringWriter(),
            (uri, ct) => sockets.ConnectAsync(uri, ct), stop.Token);
        while (!Output().StartsWith("watching", StringComparison.Ordinal))
        {
            await Task.Delay(20, stop.Token);
        }

        var studyId = await host.Get<StudyService>().CreateAsync(OneRun("watched", epochs: 2));
        await host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == Ablation.Dashboard.Data.RunStatus.Succeeded));
        // The watcher prints the run's end when the hub's update reaches it: wait for that line, not for a while.
        while (!Output().Contains("[baseline] succeeded, epoch 2/2", StringComparison.Ordinal))
        {
            await Task.Delay(20, stop.Token);
        }

        await stop.CancelAsync();

        Assert.Equal(0, await watching);
        var lines = Output().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"watching study {studyId}", lines[0]);
        Assert.Contains(lines, l => l.Contains("[baseline] succeeded, epoch 2/2"));
        Assert.Contains(lines, l => l.Contains("val accuracy 0."));
    }

    [Fact]
    public async Task Watch_WithoutAStudy_ExitsWith2()
    {
        var stderr = new StringWriter();

        Assert.Equal(2, await WatchCommand.RunAsync([], new StringWriter(), stderr));
        Assert.Contains("which study", stderr.ToString());
    }
}
