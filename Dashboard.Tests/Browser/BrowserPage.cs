using Microsoft.Playwright;

namespace Ablation.Tests.Browser;

/// <summary>
/// A Playwright page on the dashboard, recording what went wrong in the browser (console errors,
/// uncaught exceptions, failed requests).
/// </summary>
/// <remarks>
/// Tests use the page as a person does: they type and click as soon as it shows, because the page
/// takes no input until its circuit has rendered (Layout/InteractiveGate: the prerendered controls are
/// disabled) and Playwright's fill and click wait for an enabled control by themselves. What reads
/// the interactive page rather than acting on it (a chart the circuit draws, a scroll that a
/// re-rendered page would undo) waits for <see cref="WaitForInteractiveAsync"/> first.
/// </remarks>
public sealed class BrowserPage : IAsyncDisposable
{
    private static readonly TimeSpan _interactiveTimeout = TimeSpan.FromSeconds(30);

    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

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
    }

    /// <summary>The selector of a page whose circuit has rendered (or that is never interactive, such as sign-in).</summary>
    public const string InteractiveSelector = "fieldset.interactive-gate[data-interactive='true']";

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
    /// Waits until the address bar's path matches <paramref name="path"/>, as after the dashboard
    /// navigates within the page (a launch opening its study). Reads <c>location.pathname</c> in the page
    /// rather than waiting for Playwright's navigation event: CI once saw the page reach the study while
    /// <c>WaitForURLAsync</c> waited on for its navigation event until it timed out.
    /// </summary>
    /// <returns>The path the page reached.</returns>
    public async Task<string> WaitForPathAsync(System.Text.RegularExpressions.Regex path, float timeoutMs = 60_000)
    {
        var reached = await Page.WaitForFunctionAsync("source => new RegExp(source).test(location.pathname) && location.pathname", path.ToString(), new() { Timeout = timeoutMs });
        return await reached.JsonValueAsync<string>();
    }

    /// <summary>
    /// Opens <paramref name="path"/> (relative to the dashboard) and returns once the document has
    /// loaded (<paramref name="until"/>), as a person sees it: the page may still be the prerendered one.
    /// </summary>
    public async Task GotoAsync(string path = "/", WaitUntilState until = WaitUntilState.Load)
    {
        var response = await Page.GotoAsync(path, new() { WaitUntil = until });
        if (response is null || !response.Ok)
        {
            throw new InvalidOperationException($"GET {path} answered {response?.Status.ToString() ?? "nothing"}");
        }
    }

    /// <summary>
    /// Waits until the current document is interactive: the circuit's first render is in the DOM
    /// (which a render batch merely received over the WebSocket is not yet). Call it after a
    /// navigation that loads a new document (<see cref="GotoAsync"/>, a sign-in's redirect).
    /// </summary>
    public async Task WaitForInteractiveAsync()
    {
        try
        {
            await Page.Locator(InteractiveSelector).First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = (float)_interactiveTimeout.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the circuit of {Page.Url} did not render within {_interactiveTimeout.TotalSeconds:0} s; browser errors: {string.Join("; ", Errors)}");
        }
    }

    /// <summary>Evaluates <paramref name="script"/> (a JS function taking one argument) with the dashboard's JS module <paramref name="module"/> imported.</summary>
    public Task<T> EvaluateWithModuleAsync<T>(string module, string script, object? arg = null) =>
        Page.EvaluateAsync<T>(
            $"async (arg) => {{ const module = await import({Json(module)}); return await ({script})(module, arg); }}",
            arg);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private void Record(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
