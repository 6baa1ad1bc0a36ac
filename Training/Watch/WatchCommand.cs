using System.Globalization;
using System.Text.Json.Nodes;

namespace Ablation.Training.Watch;

/// <summary>
/// `ablate watch STUDY [--url URL] [--run RUN]`: follows a study (or one run) on a running dashboard
/// through its SignalR hub and prints one line per update. The hub's example client. Where the
/// dashboard requires sign-in, the personal API token comes from <see cref="TokenVariable"/>
/// (an environment variable, so it never shows in a process listing).
/// </summary>
public static class WatchCommand
{
    public const string HubPath = "/hubs/runs";
    public const string TokenVariable = "ABLATE_TOKEN";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        Func<Uri, CancellationToken, Task<System.Net.WebSockets.WebSocket>>? connect = null, CancellationToken cancel = default)
    {
        var url = new Uri("http://127.0.0.1:5000");
        int? study = null;
        int? run = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--url" when i + 1 < args.Length && Uri.TryCreate(args[i + 1], UriKind.Absolute, out var u):
                    url = u;
                    i++;
                    break;
                case "--run" when i + 1 < args.Length && int.TryParse(args[i + 1], out var r):
                    run = r;
                    i++;
                    break;
                case var s when study is null && int.TryParse(s, out var id):
                    study = id;
                    break;
                default:
                    stderr.WriteLine($"ablate: watch: unexpected argument '{args[i]}' (usage: ablate watch STUDY [--url URL] [--run RUN])");
                    return 2;
            }
        }

        if (study is null && run is null)
        {
            stderr.WriteLine("ablate: watch: which study? (usage: ablate watch STUDY [--url URL] [--run RUN])");
            return 2;
        }

        HubClient client;
        try
        {
            var hub = HubClient.WebSocketUri(url, HubPath);
            if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
            {
                hub = new Uri($"{hub}?access_token={Uri.EscapeDataString(token)}");
            }

            client = await HubClient.ConnectAsync(hub, connect, cancel);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or System.Net.Http.HttpRequestException or InvalidOperationException)
        {
            stderr.WriteLine($"ablate: watch: cannot reach the dashboard's hub at {url}: {e.Message}");
            return 1;
        }

        await using (client)
        {
            try
            {
                await client.InvokeAsync(run is null ? "FollowStudy" : "FollowRun", [run ?? study!.Value], cancel);
            }
            catch (InvalidOperationException refused)
            {
                stderr.WriteLine($"ablate: watch: {refused.Message} (where sign-in is required, set {TokenVariable} to a token from `./ablate user token NAME`)");
                return 1;
            }

            stdout.WriteLine(run is null ? $"watching study {study} on {url} (Ctrl-C to stop)" : $"watching run {run} on {url} (Ctrl-C to stop)");
            try
            {
                await foreach (var (target, arguments) in client.InvocationsAsync(cancel))
                {
                    if (target == "runUpdate" && arguments.Count > 0 && arguments[0] is JsonObject update)
                    {
                        stdout.WriteLine(Format(update));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }

    /// <summary>"run 12 [bn=off, dropout=0.3] running, epoch 2/3, val accuracy 0.8812".</summary>
    public static string Format(JsonObject u)
    {
        var line = $"run {u["runId"]} [{u["label"]}] {u["status"]}, epoch {u["epochsDone"]}/{u["epochs"]}";
        if (u["points"] is JsonArray points)
        {
            foreach (var p in points.OfType<JsonObject>())
            {
                var (split, name) = (p["split"]?.GetValue<string>(), p["name"]?.GetValue<string>());
                if ((split, name) is ("val", "accuracy") or ("test", "accuracy") or ("batch", "loss"))
                {
                    line += $", {(split == "batch" ? "batch" : split)} {name} {p["value"]!.GetValue<double>().ToString("0.0000", CultureInfo.InvariantCulture)}";
                }
            }
        }

        return u["error"] is JsonValue error ? $"{line}: {error}" : line;
    }
}
