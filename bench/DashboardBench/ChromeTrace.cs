using System.Text.Json;
using Microsoft.Playwright;

namespace Ablation.Bench;

/// <summary>
/// A Chrome performance trace of one page, through the DevTools protocol (the same events as the
/// Performance panel), saved as JSON that chrome://tracing and Perfetto open.
/// </summary>
internal sealed class ChromeTrace
{
    private const string Categories = "devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing,loading";

    private readonly ICDPSession _cdp;
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChromeTrace(ICDPSession cdp)
    {
        _cdp = cdp;
        cdp.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            lock (_events)
            {
                _events.AddRange(e!.Value.GetProperty("value").EnumerateArray().Select(v => v.Clone()));
            }
        };
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => _complete.TrySetResult();
    }

    public static async Task<ChromeTrace> StartAsync(IBrowserContext context, IPage page)
    {
        var trace = new ChromeTrace(await context.NewCDPSessionAsync(page));
        await trace._cdp.SendAsync("Tracing.start", new() { ["categories"] = Categories, ["transferMode"] = "ReportEvents" });
        return trace;
    }

    public async Task StopAsync(string path)
    {
        await _cdp.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        lock (_events)
        {
            File.WriteAllText(path, JsonSerializer.Serialize(new { traceEvents = _events }));
        }
    }
}
