using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Ablation.Dashboard.Hubs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// The runs hub of an in-process dashboard through Microsoft.AspNetCore.SignalR.Client, over the
/// test server's WebSockets; records what the server calls (<see cref="RunsHub.UpdateMethod"/>,
/// <see cref="RunsHub.RevokedMethod"/>) in order.
/// </summary>
internal sealed class TestHub : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Channel<(string Target, JsonObject Argument)> _calls = Channel.CreateUnbounded<(string, JsonObject)>();

    private TestHub(HubConnection connection)
    {
        _connection = connection;
        foreach (var method in new[] { RunsHub.UpdateMethod, RunsHub.RevokedMethod })
        {
            connection.On<JsonObject>(method, argument => _calls.Writer.TryWrite((method, argument)));
        }
    }

    /// <summary>
    /// How a client reaches <paramref name="server"/> (the one <paramref name="current"/> returns at
    /// each connection attempt, when given: a dashboard restart swaps it): negotiation through its
    /// handler, then a WebSocket from its WebSocket client, with the token as a bearer header.
    /// </summary>
    public static Action<HttpConnectionOptions> Transport(TestServer? server, string? accessToken = null,
        Func<TestServer>? current = null, Action<WebSocket>? opened = null, Action<HttpRequest>? request = null) => options =>
    {
        var pick = current ?? (() => server!);
        options.Transports = HttpTransportType.WebSockets;
        options.HttpMessageHandlerFactory = _ => pick().CreateHandler();
        if (accessToken is not null)
        {
            options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
        }

        options.WebSocketFactory = async (context, cancel) =>
        {
            var sockets = pick().CreateWebSocketClient();
            sockets.ConfigureRequest = upgrade =>
            {
                if (accessToken is not null)
                {
                    upgrade.Headers.Authorization = $"Bearer {accessToken}";
                }

                request?.Invoke(upgrade);
            };

            var socket = await sockets.ConnectAsync(context.Uri, cancel);
            opened?.Invoke(socket);
            return socket;
        };
    };

    /// <param name="accessToken">An API token: as a bearer header (what `ablate watch` sends), or with
    /// <paramref name="inQuery"/> as <c>?access_token=</c> (what a browser's WebSocket has to do).</param>
    /// <param name="request">Adjusts the WebSocket's upgrade request (an Origin header, say).</param>
    public static async Task<TestHub> ConnectAsync(TestServer server, string? accessToken = null, bool inQuery = false, Action<HttpRequest>? request = null)
    {
        var url = new Uri(server.BaseAddress, RunsHub.Path);
        if (inQuery && accessToken is not null)
        {
            url = new Uri($"{url}?access_token={Uri.EscapeDataString(accessToken)}");
        }

        var connection = new HubConnectionBuilder()
            .WithUrl(url, Transport(server, inQuery ? null : accessToken, request: request))
            .Build();
        var hub = new TestHub(connection);
        await connection.StartAsync();
        return hub;
    }

    public Task InvokeAsync(string method, params object?[] arguments) => _connection.InvokeCoreAsync(method, arguments);

    /// <summary>The server's calls, in order, as they arrive.</summary>
    public IAsyncEnumerable<(string Target, JsonObject Argument)> CallsAsync(CancellationToken cancel) => _calls.Reader.ReadAllAsync(cancel);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
