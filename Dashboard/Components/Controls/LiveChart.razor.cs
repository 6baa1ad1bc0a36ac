using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Ablation.Dashboard.Components.Controls;

/// <summary>
/// A live plotly chart for the interactive server render mode. A page hands it whole series with
/// <see cref="SetAsync"/> and then only the new points with <see cref="AppendAsync"/>, which
/// extends the plotted traces in the browser (<c>Plotly.extendTraces</c>) instead of redrawing.
/// Series are addressed by <see cref="ChartSeries.Key"/>. Calls made before the chart is in the
/// browser (before its first interactive render) are kept and drawn as soon as it is.
/// </summary>
public sealed partial class LiveChart : ComponentBase, IAsyncDisposable
{
    private const string ModulePath = "./js/charts.js";

    // Blazor's JS interop serializes with the web defaults; the prerendered figure and its hash use the same.
    private static readonly JsonSerializerOptions FigureJson = new(JsonSerializerDefaults.Web);

    // Serializes the JS calls: a live append must not overtake the draw it extends.
    // (No wait handle is ever asked of it, so it holds nothing to dispose.)
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ElementReference _plot;
    private IJSObjectReference? _module;
    private IReadOnlyList<PlotTrace>? _pending;
    private PlotLayout? _drawnLayout;
    private bool _disposed;
    private string? _prefigureJson;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private Services.Live.CircuitConnection Connection { get; set; } = default!;

    /// <summary>The title above the plot; none when empty.</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <summary>The x axis title; the hover label uses it too ("x" when empty).</summary>
    [Parameter]
    public string? XTitle { get; set; }

    /// <summary>The y axis title; the hover label uses it too ("y" when empty).</summary>
    [Parameter]
    public string? YTitle { get; set; }

    /// <summary>The chart's height in CSS pixels; it takes the width of its container.</summary>
    [Parameter]
    public int Height { get; set; } = 360;

    /// <summary>Extra classes for the chart's element.</summary>
    [Parameter]
    public string? CssClass { get; set; }

    /// <summary>
    /// The parent calls <see cref="SetAsync"/> right after its first render (the results page):
    /// draw only then, with the data, instead of an empty plot first — plotly's first draw of a
    /// plot is its most expensive, so doing it once saves the page a second.
    /// </summary>
    [Parameter]
    public bool WaitForData { get; set; }

    /// <summary>
    /// Axis ranges fitted to the data by charts.js instead of plotly's autorange, which for tens of
    /// thousands of points is a good part of a draw (the results page's curves); zoom and autoscale
    /// work as before.
    /// </summary>
    [Parameter]
    public bool FitRanges { get; set; }

    /// <summary>The x values are whole numbers (epochs, steps): ticks at whole numbers only, never at epoch 1.5 (charts.js <c>wholeStep</c>).</summary>
    [Parameter]
    public bool WholeX { get; set; }

    /// <summary>
    /// A name for this chart, unique on its page, under which the prerendered page carries the
    /// chart's figure (<see cref="Prefigure"/>): the browser draws it as soon as plotly.js is
    /// evaluated, before the circuit starts, and this chart takes that plot over when it renders
    /// interactively (charts.js <c>drawPrefigures</c>), so the page's main chart does not wait for
    /// the circuit. Null: the chart is drawn by the interactive render only.
    /// </summary>
    [Parameter]
    public string? PrefigureSlot { get; set; }

    /// <summary>The series the prerendered page draws under <see cref="PrefigureSlot"/>; read only while prerendering.</summary>
    [Parameter]
    public IReadOnlyList<ChartSeries>? Prefigure { get; set; }

    /// <summary>Other attributes (id, data-…) go onto the chart's element.</summary>
    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    /// <summary>Why the chart could not draw, when it could not; shown in place of the plot.</summary>
    public string? Failure { get; private set; }

    protected override void OnParametersSet()
    {
        _prefigureJson = null;
        if (!RendererInfo.IsInteractive && PrefigureSlot is not null && Prefigure is not null)
        {
            var (figure, hash) = Figure(ChartPayload.Traces(Prefigure, XTitle, YTitle), CurrentLayout());
            // System.Text.Json escapes <, > and &, so the JSON cannot close the script element it sits in.
            _prefigureJson = $$"""{"figure":{{Encoding.UTF8.GetString(figure)}},"hash":"{{hash}}"}""";
        }
    }

    /// <summary>Draws <paramref name="series"/> and nothing else: series not named here leave the chart.</summary>
    public async Task SetAsync(IReadOnlyList<ChartSeries> series)
    {
        var traces = ChartPayload.Traces(series, XTitle, YTitle);
        if (_module is null)
        {
            _pending = traces;
            return;
        }

        await WithModuleAsync(module => DrawAsync(module, traces));
    }

    /// <summary>
    /// Appends the points of <paramref name="additions"/> to the series with the same keys, and adds
    /// the series whose keys the chart does not have yet.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<ChartSeries> additions)
    {
        var traces = ChartPayload.Traces(additions, XTitle, YTitle);
        if (traces.Count == 0)
        {
            return;
        }

        if (_module is null)
        {
            _pending = ChartPayload.Merge(_pending ?? [], traces);
            return;
        }

        await WithModuleAsync(module => module.InvokeVoidAsync("extend", _plot, traces).AsTask());
    }

    /// <summary>Takes the series with these keys off the chart; the others stay as they are.</summary>
    public async Task RemoveAsync(IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        if (_module is null)
        {
            _pending = _pending?.Where(t => !keys.Contains(t.Key)).ToList();
            return;
        }

        await WithModuleAsync(module => module.InvokeVoidAsync("remove", _plot, keys).AsTask());
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await WithGateAsync(async () =>
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);

                // Draw at once, even with no series yet (the axes and titles show, and appends have a
                // plot to extend), unless the parent is about to set the data.
                if (_pending is null && WaitForData)
                {
                    return;
                }

                var traces = _pending ?? [];
                _pending = null;
                await DrawAsync(_module, traces);
            });
        }
        else if (_module is not null && CurrentLayout() != _drawnLayout)
        {
            await WithModuleAsync(async module =>
            {
                var layout = CurrentLayout();
                await module.InvokeVoidAsync("relayout", _plot, layout);
                _drawnLayout = layout;
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await WithModuleAsync(async module =>
        {
            await module.InvokeVoidAsync("purge", _plot);
            await module.DisposeAsync();
        });
        _disposed = true;
        _module = null;
    }

    private PlotLayout CurrentLayout() => ChartPayload.Layout(Title, XTitle, YTitle, Height);

    private async Task DrawAsync(IJSObjectReference module, IReadOnlyList<PlotTrace> traces)
    {
        var layout = CurrentLayout();
        // The first draw of a prefigured chart: when the plot it took over from the prerendered page
        // shows this very figure, the traces (up to a megabyte for a large study) need not travel again.
        if (_drawnLayout is null && PrefigureSlot is not null && await module.InvokeAsync<bool>("shows", _plot, Figure(traces, layout).Hash))
        {
            _drawnLayout = layout;
            return;
        }

        await module.InvokeVoidAsync("draw", _plot, traces, layout, null, new { fitRanges = FitRanges, wholeX = WholeX });
        _drawnLayout = layout;
    }

    /// <summary>What a draw shows (traces, layout, fitted ranges or not, whole ticks or not) as JSON, and a hash of it.</summary>
    private (byte[] Json, string Hash) Figure(IReadOnlyList<PlotTrace> traces, PlotLayout layout)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { traces, layout, fitRanges = FitRanges, wholeX = WholeX }, FigureJson);
        return (json, Convert.ToHexString(SHA256.HashData(json), 0, 12));
    }

    private Task WithModuleAsync(Func<IJSObjectReference, Task> action) => WithGateAsync(async () =>
    {
        if (_module is not null)
        {
            await action(_module);
        }
    });

    private async Task WithGateAsync(Func<Task> action)
    {
        await _gate.WaitAsync();
        try
        {
            // While the browser is away a call would wait out the interop timeout holding the gate;
            // what it would have drawn comes with the page's redraw on reconnection instead.
            if (!_disposed && Connection.IsConnected)
            {
                await action();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the page with it: there is nothing left to draw on.
        }
        catch (TaskCanceledException)
        {
            // The browser went away during the call (the interop timeout): as above.
        }
        catch (JSException e)
        {
            // A chart that cannot draw (plotly missing, a bad payload) must not end the page's
            // circuit: the tables and the other charts go on, and this one says why it is empty.
            Failure = e.Message.Split('\n')[0];
            StateHasChanged();
        }
        finally
        {
            _gate.Release();
        }
    }
}
