using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Ablation.Training.Watch;

/// <summary>
/// A minimal SignalR client: the JSON hub protocol over a WebSocket, without negotiation.
/// Microsoft.AspNetCore.SignalR.Client does not restore from our NuGet source (its transport
/// packages are missing), and following a hub needs little of it: the handshake, invocations,
/// pings, and reading the server's invocations.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan _pingInterval = TimeSpan.FromSeconds(15);

    private readonly WebSocket _socket;
    private readonly Channel<(string Target, JsonArray Arguments)> _invocations = Channel.CreateUnbounded<(string, JsonArray)>();
    private readonly Dictionary<string, TaskCompletionSource> _pending = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private Task? _pinger;
    private int _nextId;

    private HubClient(WebSocket socket) => _socket = socket;

    /// <summary>The hub's ws:// or wss:// address for an http(s) dashboard URL and hub path.</summary>
    public static Uri WebSocketUri(Uri dashboard, string hubPath)
    {
        var builder = new UriBuilder(new Uri(dashboard, hubPath)) { Scheme = dashboard.Scheme == "https" ? "wss" : "ws" };
        return builder.Uri;
    }

    /// <param name="connect">Opens the socket; tests pass the test server's WebSocket client.</param>
    public static async Task<HubClient> ConnectAsync(Uri hubUri, Func<Uri, CancellationToken, Task<WebSocket>>? connect = null, CancellationToken cancel = default)
    {
        connect ??= async (uri, ct) =>
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(uri, ct);
            return socket;
        };
        var client = new HubClient(await connect(hubUri, cancel));
        await client.SendAsync("""{"protocol":"json","version":1}""", cancel);
        var handshake = await client.ReceiveRecordsAsync(cancel);
        var reply = handshake.Count > 0 ? JsonNode.Parse(handshake[0]) : null;
        if (reply is null || reply["error"] is { } error)
        {
            throw new InvalidOperationException($"hub handshake failed: {reply?["error"]?.ToString() ?? "no reply"}");
        }

        client._reader = Task.Run(() => client.ReadLoopAsync(handshake.Skip(1).ToList()));
        client._pinger = Task.Run(client.PingLoopAsync);
        return client;
    }

    /// <summary>Calls a hub method and waits for its completion.</summary>
    public async Task InvokeAsync(string target, object?[] arguments, CancellationToken cancel = default)
    {
        var id = Interlocked.Increment(ref _nextId).ToString();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = done;
        }

        var message = new JsonObject
        {
            ["type"] = 1,
            ["invocationId"] = id,
            ["target"] = target,
            ["arguments"] = JsonSerializer.SerializeToNode(arguments),
        };
        await SendAsync(message.ToJsonString(), cancel);
        await done.Task.WaitAsync(cancel);
    }

    /// <summary>The arguments of every call the server makes, as they arrive, until the connection closes.</summary>
    public IAsyncEnumerable<(string Target, JsonArray Arguments)> InvocationsAsync(CancellationToken cancel = default) =>
        _invocations.Reader.ReadAllAsync(cancel);

    private async Task ReadLoopAsync(List<string> early)
    {
        try
        {
            foreach (var record in early)
            {
                Dispatch(record);
            }

            while (!_stop.IsCancellationRequested)
            {
                var records = await ReceiveRecordsAsync(_stop.Token);
                if (records.Count == 0)
                {
                    break;
                }

                foreach (var record in records)
                {
                    Dispatch(record);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The connection ended; readers see the channel complete.
        }
        finally
        {
            _invocations.Writer.TryComplete();
            lock (_pending)
            {
                foreach (var pending in _pending.Values)
                {
                    pending.TrySetException(new InvalidOperationException("the hub connection closed"));
                }
            }
        }
    }

    private void Dispatch(string record)
    {
        var message = JsonNode.Parse(record);
        switch (message?["type"]?.GetValue<int>())
        {
            case 1 when message["target"]?.GetValue<string>() is { } target:
                _invocations.Writer.TryWrite((target, message["arguments"] as JsonArray ?? []));
                break;
            case 3 when message["invocationId"]?.GetValue<string>() is { } id:
                TaskCompletionSource? done;
                lock (_pending)
                {
                    _pending.Remove(id, out done);
                }

                if (message["error"]?.GetValue<string>() is { } error)
                {
                    done?.TrySetException(new InvalidOperationException($"hub method failed: {error}"));
                }
                else
                {
                    done?.TrySetResult();
                }

                break;
            case 7:
                _stop.Cancel();
                break;
        }
    }

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(_pingInterval, _stop.Token);
                await SendAsync("""{"type":6}""", _stop.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task SendAsync(string json, CancellationToken cancel)
    {
        var bytes = Encoding.UTF8.GetBytes(json + RecordSeparator);
        await _sendLock.WaitAsync(cancel);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancel);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads one WebSocket message and splits it into its protocol records; none when the socket closed.</summary>
    private async Task<List<string>> ReceiveRecordsAsync(CancellationToken cancel)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, cancel);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return [];
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(message.ToArray()).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // The server closed it first (a refused connection): it is closed either way.
        }

        await Task.WhenAll(new[] { _reader, _pinger }.OfType<Task>()).ContinueWith(_ => { }, CancellationToken.None);
        _socket.Dispose();
        _stop.Dispose();
    }
}
