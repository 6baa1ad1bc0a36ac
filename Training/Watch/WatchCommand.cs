using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Ablation.Training.Cli;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ablation.Training.Watch;

/// <summary>
/// `ablate watch STUDY [--url URL] [--run RUN]`: follows a study (or one run) on a running dashboard
/// through its SignalR hub and prints one line per update; the hub's example client. A dropped
/// connection is retried (<see cref="Reconnect"/>) and the study followed again, with a line on
/// stderr each time. Where the dashboard requires sign-in, the personal API token comes from
/// <see cref="TokenVariable"/> (an environment variable, so it never shows in a process listing).
/// Exit codes: 0 stopped (Ctrl-C) or the hub closed the connection for good, 1 the hub cannot be
/// reached or refuses to follow, 2 the command line.
/// </summary>
public sealed class WatchCommand : Command
{
    public const string HubPath = "/hubs/runs";
    public const string TokenVariable = "ABLATE_TOKEN";
    public const string UpdateMethod = "runUpdate";

    private readonly Argument<int?> _study = new Argument<int?>("STUDY")
    {
        Description = "The study to follow (its number in the dashboard's address, /studies/N).",
        Arity = ArgumentArity.ZeroOrOne,
    }.LeavingOptions(r => Number(r, "STUDY"));

    private readonly Option<Uri> _url = new("--url")
    {
        Description = "The dashboard.",
        HelpName = "URL",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:5000"),
        CustomParser = DashboardUrl,
    };

    private readonly Option<int?> _run = new("--run")
    {
        Description = "Follow this one run instead of a whole study.",
        HelpName = "RUN",
        CustomParser = r => Number(r, "--run"),
    };

    private readonly Action<HttpConnectionOptions>? _transport;

    /// <param name="transport">Adjusts how the hub is reached (tests route it to their test server).</param>
    public WatchCommand(Action<HttpConnectionOptions>? transport = null)
        : base("watch", $"Follow a study (or one run) of a running dashboard through its SignalR hub ({HubPath}), one line per update. "
            + $"Where sign-in is required, set {TokenVariable} to a token from `./ablate user token NAME`.")
    {
        _transport = transport;
        Add(_study);
        Add(_url);
        Add(_run);
        SetAction(WatchAsync);
    }

    // Lines on stderr come from the connection's handlers too: the writer must be a synchronized one (Console.Error is).
    private async Task<int> WatchAsync(ParseResult parse, CancellationToken invocation)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var url = parse.GetRequiredValue(_url);
        var study = parse.GetValue(_study);
        var run = parse.GetValue(_run);
        if (study is null && run is null)
        {
            await stderr.WriteLineAsync("ablate: watch: which study? (usage: ablate watch STUDY [--url URL] [--run RUN])");
            return 2;
        }

        var (method, id, what) = run is { } r ? ("FollowRun", r, $"run {r}") : ("FollowStudy", study!.Value, $"study {study}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(invocation);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            await using var hub = Connect(url);
            // Updates wait here until the "watching" line is out, so it always comes first.
            var updates = Channel.CreateUnbounded<JsonObject>();
            hub.On<JsonObject>(UpdateMethod, update => updates.Writer.TryWrite(update));
            hub.Closed += error =>
            {
                if (error is not null && !stop.IsCancellationRequested)
                {
                    stderr.WriteLine($"ablate: watch: the connection to {url} is gone and did not come back: {error.Message}");
                }

                updates.Writer.TryComplete();
                return Task.CompletedTask;
            };
            hub.Reconnecting += error =>
            {
                stderr.WriteLine($"ablate: watch: lost the connection to {url}{(error is null ? "" : $" ({error.Message})")}; reconnecting");

                return Task.CompletedTask;
            };
            hub.Reconnected += async _ =>
            {
                // A new connection is in no group: follow again before saying so.
                try
                {
                    await hub.InvokeAsync(method, id, stop.Token);
                    stderr.WriteLine($"ablate: watch: reconnected to {url}, following {what} again");
                }
                catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
                {
                    stderr.WriteLine($"ablate: watch: reconnected to {url}, but could not follow {what} again: {e.Message}");

                    updates.Writer.TryComplete();
                }
            };

            try
            {
                await hub.StartAsync(stop.Token);
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.WebSockets.WebSocketException or InvalidOperationException or IOException)
            {
                await stderr.WriteLineAsync($"ablate: watch: cannot reach the dashboard's hub at {url}: {e.Message}");
                return 1;
            }

            try
            {
                await hub.InvokeAsync(method, id, stop.Token);
            }
            catch (HubException refused)
            {
                await stderr.WriteLineAsync($"ablate: watch: {refused.Message} (where sign-in is required, set {TokenVariable} to a token from `./ablate user token NAME`)");
                return 1;
            }

            await stdout.WriteLineAsync($"watching {what} on {url} (Ctrl-C to stop)");
            await foreach (var update in updates.Reader.ReadAllAsync(stop.Token))
            {
                await stdout.WriteLineAsync(Format(update));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        return 0;
    }

    private HubConnection Connect(Uri url) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(url, HubPath), options =>
            {
                if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                _transport?.Invoke(options);
            })
            .WithAutomaticReconnect(new Reconnect())
            .Build();

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

    private static int? Number(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        if (int.TryParse(result.Tokens[0].Value, out var value) && value > 0)
        {
            return value;
        }

        result.AddError($"{name} must be a number such as 3 (got '{result.Tokens[0].Value}')");
        return null;
    }

    private static Uri DashboardUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        result.AddError($"--url must be the dashboard's http:// or https:// address (got '{text}')");
        return null!;
    }

    /// <summary>
    /// Retries at once, then after 1, 2, 5 and every 10 seconds, for up to 5 minutes: long enough
    /// for a dashboard to restart (the default policy gives up after 42 seconds).
    /// </summary>
    private sealed class Reconnect : IRetryPolicy
    {
        private static readonly TimeSpan _giveUpAfter = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan[] _delays = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

        public TimeSpan? NextRetryDelay(RetryContext context) =>
            context.ElapsedTime >= _giveUpAfter ? null
            : context.PreviousRetryCount < _delays.Length ? _delays[context.PreviousRetryCount]
            : TimeSpan.FromSeconds(10);
    }
}
