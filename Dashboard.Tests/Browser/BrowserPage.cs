using System.Text;
using Microsoft.Playwright;

namespace Ablation.Tests.Browser;

/// <summary>
/// A Playwright page on the dashboard, recording what went wrong in the browser (console errors,
/// uncaught exceptions, failed requests) and whether the Blazor circuit is up.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private static readonly TimeSpan _circuitTimeout = TimeSpan.FromSeconds(30);

    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private TaskCompletionSource _circuit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrowserPage(IBrowserContext context, IPage page, Uri baseUrl)
    {
        _context = context;
        Page = page;
        BaseUrl = baseUrl;
        page.Console += (_, message) =>
        {
            // The browser asks for /favicon.ico on its own, and the dashboard need not have one.
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                Record(string.IsNullOrEmpty(message.Location) ? $"console: {message.Text}" : $"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Record($"uncaught: {error}");
        page.RequestFailed += (_, request) => Record($"request failed: {request.Method} {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Record($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                // Bound to the wait that was current when this socket opened: a render batch that the
                // previous document's circuit pushes while the next page loads must not pass for the
                // new circuit's (a click would then land on the prerendered, not yet interactive page).
                var circuit = _circuit;
                socket.FrameReceived += (_, frame) =>
                {
                    // The first render batch the server pushes means the circuit is up and rendering.
                    if (IsRenderBatch(frame))
                    {
                        circuit.TrySetResult();
                    }
                };
            }
        };
    }

    /// <summary>The Playwright page itself, for everything this class does not wrap.</summary>
    public IPage Page { get; }

    /// <summary>The dashboard's address.</summary>
    public Uri BaseUrl { get; }

    /// <summary>What went wrong in the browser so far, in order.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    internal static async Task<BrowserPage> OpenAsync(IBrowserContext context, Uri baseUrl)
    {
        try
        {
            return new BrowserPage(context, await context.NewPageAsync(), baseUrl);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> (relative to the dashboard) and waits until the page's Blazor
    /// circuit has connected and rendered.
    /// </summary>
    public async Task GotoAsync(string path = "/")
    {
        _circuit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var response = await Page.GotoAsync(path);
        if (response is null || !response.Ok)
        {
            throw new InvalidOperationException($"GET {path} answered {response?.Status.ToString() ?? "nothing"}");
        }

        await WaitForCircuitAsync();
    }

    /// <summary>Waits until the Blazor circuit of the current document has pushed its first render batch.</summary>
    public async Task WaitForCircuitAsync()
    {
        try
        {
            await _circuit.Task.WaitAsync(_circuitTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the Blazor circuit of {Page.Url} did not render within {_circuitTimeout.TotalSeconds:0} s; browser errors: {string.Join("; ", Errors)}");
        }
    }

    /// <summary>Evaluates <paramref name="script"/> (a JS function taking one argument) with the dashboard's JS module <paramref name="module"/> imported.</summary>
    public Task<T> EvaluateWithModuleAsync<T>(string module, string script, object? arg = null) =>
        Page.EvaluateAsync<T>(
            $"async (arg) => {{ const module = await import({Json(module)}); return await ({script})(module, arg); }}",
            arg);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static bool IsRenderBatch(IWebSocketFrame frame)
    {
        const string method = "JS.RenderBatch";
        if (frame.Binary is { } binary)
        {
            return binary.AsSpan().IndexOf(Encoding.ASCII.GetBytes(method)) >= 0;
        }

        return frame.Text?.Contains(method, StringComparison.Ordinal) == true;
    }

    private void Record(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
