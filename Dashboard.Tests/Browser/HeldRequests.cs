using Microsoft.Playwright;

namespace Ablation.Tests.Browser;

/// <summary>
/// Requests of a page that the test holds until it lets them go, to put two things in the browser
/// in a known order instead of waiting to see which comes first: holding the circuit's
/// <c>_blazor/negotiate</c> keeps a page prerendered (a slow link, a busy machine) for as long as the
/// test needs; holding plotly.js lets the circuit render first.
/// </summary>
internal sealed class HeldRequests
{
    private readonly TaskCompletionSource _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeldRequests()
    {
    }

    /// <summary>Completes when the page first asked for a held request.</summary>
    public Task Asked => _asked.Task;

    /// <summary>Holds every request of <paramref name="page"/> matching <paramref name="glob"/> from now on.</summary>
    public static async Task<HeldRequests> HoldAsync(IPage page, string glob)
    {
        var held = new HeldRequests();
        await page.RouteAsync(glob, held.HandleAsync);
        return held;
    }

    /// <summary>Lets the held requests, and every later one, go on to the dashboard.</summary>
    public void Release() => _released.TrySetResult();

    private async Task HandleAsync(IRoute route)
    {
        _asked.TrySetResult();
        await _released.Task;
        try
        {
            await route.ContinueAsync();
        }
        catch (PlaywrightException)
        {
            // The page closed while its request was held: there is nothing left to answer.
        }
    }
}
