using Ablation.Contracts.Metrics;
using Ablation.Dashboard.Components.Controls;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Live;
using Ablation.Dashboard.Services.Runs;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Dashboard.Components.Live;

/// <summary>
/// What a study's monitor shows live, kept apart from any component: the runs (one per cell and
/// repeat, in table order), the attempts a retry replaced, the last value of every run's curves, and
/// what each of the two live charts (validation accuracy by epoch, batch loss by step) has drawn.
/// It subscribes to the <see cref="RunEventBus"/> before it reads the snapshot, so nothing falls in
/// between; coalesces bursts of updates (<see cref="RenderThrottle"/>); and raises
/// <see cref="Changed"/> through the owner's dispatcher. Its owner draws the charts whole from
/// <see cref="Draw"/> and then applies <see cref="TakeChanges"/> after every change: each point is
/// drawn once, a replaced run's curves leave, a run that diverges gets its cross.
/// </summary>
/// <remarks>
/// Every member but the bus handler runs on the owner's dispatcher (a component's renderer, a
/// test's own thread), one call at a time; the bus hands its updates over under a lock.
/// </remarks>
public sealed class StudyLiveStore : IDisposable
{
    /// <summary>The contract's split and metric names of what the live charts draw.</summary>
    private static readonly LiveCurve _accuracy = new(Split.Validation.Key, Metric.Accuracy.Key, Markers: true);
    private static readonly LiveCurve _loss = new(Split.Batch.Key, Metric.Loss.Key, Markers: false);

    private readonly int _studyId;
    private readonly StudyQueries _queries;
    private readonly RunEventBus _bus;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly TimeSpan _interval;

    private readonly List<RunUpdate> _pending = [];
    private readonly Dictionary<(int Run, string Split, string Name), double> _last = [];

    // Points read with the snapshot, drawn whole by Draw; points received since, drawn by TakeChanges.
    private List<MetricPoint> _snapshot = [];
    private readonly List<(int RunId, PointValue Point)> _backlog = [];

    // Per (curve, run) the last x drawn, so an update whose points the snapshot already held is not drawn twice.
    private readonly Dictionary<(LiveCurve Curve, int Run), double> _drawnUpTo = [];
    private readonly HashSet<int> _markedDiverged = [];
    private readonly HashSet<int> _divergedSince = [];

    // Runs a retry replaced: their curves leave the charts, as a reload would leave them out.
    private readonly HashSet<int> _replaced = [];
    private IDisposable? _subscription;
    private RenderThrottle? _throttle;

    /// <param name="dispatch">Runs the store's work where its owner reads it (a component's InvokeAsync).</param>
    /// <param name="interval">
    /// At most one pass per interval however many runs report. The monitor's 100 ms keeps an epoch's
    /// point well inside bench/dashboard.sh latency's 250 ms goal.
    /// </param>
    public StudyLiveStore(int studyId, StudyQueries queries, RunEventBus bus, Func<Func<Task>, Task> dispatch, TimeSpan interval)
    {
        _studyId = studyId;
        _queries = queries;
        _bus = bus;
        _dispatch = dispatch;
        _interval = interval;
    }

    /// <summary>Raised (through the dispatcher) after updates were taken in and the runs read again.</summary>
    public event Func<Task>? Changed;

    public Study? Study { get; private set; }

    /// <summary>False until the study and the snapshot are read.</summary>
    public bool Loaded { get; private set; }

    /// <summary>The current runs, one per cell and repeat; a retry keeps its first attempt's place.</summary>
    public IReadOnlyList<Run> Runs { get; private set; } = [];

    /// <summary>The attempts a retry replaced, by (cell label, repeat), oldest first.</summary>
    public ILookup<(string Label, int Repeat), Run> Earlier { get; private set; } = Array.Empty<Run>().ToLookup(r => (r.Label, r.Repeat));

    /// <summary>True until the charts were drawn whole, and again after <see cref="CatchUpAsync"/>.</summary>
    public bool NeedsDraw { get; private set; } = true;

    public async Task InitializeAsync()
    {
        _throttle = new(_interval, () => _dispatch(ApplyPendingAsync));
        _subscription = _bus.Subscribe(_studyId, update =>
        {
            lock (_pending)
            {
                _pending.Add(update);
            }

            _throttle.Notify();
        });
        Study = await _queries.StudyAsync(_studyId);
        await LoadSnapshotAsync();
        Loaded = true;
    }

    /// <summary>
    /// Back from a connection loss: chart appends sent meanwhile may never have arrived, so the
    /// snapshot is read again and the next <see cref="Draw"/> draws the charts whole.
    /// </summary>
    public async Task CatchUpAsync()
    {
        _backlog.Clear();
        _drawnUpTo.Clear();
        _divergedSince.Clear();
        await LoadSnapshotAsync();
        NeedsDraw = true;
    }

    /// <summary>Reads the study and its runs again (after an action on them: a retry, added repeats).</summary>
    public async Task RefreshAsync()
    {
        Study = await _queries.StudyAsync(_studyId);
        await LoadRunsAsync();
    }

    /// <summary>The last value of a run's curve (say validation accuracy), or null before its first point.</summary>
    public double? LastValue(int runId, string split, string name) => _last.TryGetValue((runId, split, name), out var v) ? v : null;

    /// <summary>What the legend and hover call a run: "#7 bn=on (seed 2)".</summary>
    public string LabelOf(int runId) => Runs.FirstOrDefault(r => r.Id == runId) is { } r
        ? $"#{r.Id} {r.Label}" + (r.Repeat > 0 ? $" (seed {r.Seed})" : "")
        : $"#{runId}";

    /// <summary>The charts whole, from the snapshot; what came in since follows in <see cref="TakeChanges"/>.</summary>
    public LiveFrame Draw()
    {
        var frame = new LiveFrame(Series(_snapshot, _accuracy, p => p.Epoch), Series(_snapshot, _loss, p => p.Step));
        foreach (var p in _snapshot)
        {
            if (CurveOf(p.Split, p.Name) is { } curve)
            {
                var x = X(curve, p.Step, p.Epoch);
                _drawnUpTo[(curve, p.RunId)] = Math.Max(_drawnUpTo.GetValueOrDefault((curve, p.RunId), double.MinValue), x);
            }
        }

        _snapshot = [];
        _markedDiverged.UnionWith(Runs.Where(r => r.Status == RunStatus.Diverged).Select(r => r.Id));
        NeedsDraw = false;
        return frame;
    }

    /// <summary>
    /// What the charts lack since the last draw or call: new points, the curves of runs a retry
    /// replaced (to remove), the cross of each run that diverged. Empty while the charts wait for
    /// <see cref="Draw"/>. Everything returned counts as drawn.
    /// </summary>
    public LiveChanges TakeChanges()
    {
        if (NeedsDraw)
        {
            return LiveChanges.None;
        }

        var points = _backlog.ToList();
        _backlog.Clear();
        var accuracy = Additions(points, _accuracy);
        var loss = Additions(points, _loss);
        var removed = DropReplaced();
        var (accuracyMarks, lossMarks) = DivergedMarks();
        return new LiveChanges(accuracy, loss, removed, accuracyMarks, lossMarks);
    }

    /// <summary>Takes in the updates the bus delivered, reads the runs again, and tells the owner.</summary>
    public async Task ApplyPendingAsync()
    {
        List<RunUpdate> updates;
        lock (_pending)
        {
            updates = [.. _pending];
            _pending.Clear();
        }

        if (updates.Count == 0)
        {
            return;
        }

        // Into the backlog before any await: two passes can interleave at the database read below,
        // and the backlog keeps the points in arrival order whichever pass draws them.
        foreach (var u in updates)
        {
            foreach (var p in u.Points)
            {
                _last[(u.RunId, p.Split, p.Name)] = p.Value;
                _backlog.Add((u.RunId, p));
            }

            if (u.Status == RunStatus.Diverged)
            {
                _divergedSince.Add(u.RunId);
            }
        }

        await LoadRunsAsync();
        if (Changed is { } changed)
        {
            await changed();
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _throttle?.Dispose();
    }

    private async Task LoadSnapshotAsync()
    {
        await LoadRunsAsync();
        var current = Runs.Select(r => r.Id).ToHashSet();
        _snapshot = (await _queries.PointsAsync(_studyId)).Where(p => current.Contains(p.RunId)).ToList();
        foreach (var p in _snapshot)
        {
            _last[(p.RunId, p.Split, p.Name)] = p.Value;
        }
    }

    private async Task LoadRunsAsync()
    {
        var all = await _queries.RunsAsync(_studyId);
        // A retry keeps the place of its first attempt, so a cell's runs stay together.
        var place = all.GroupBy(r => (r.Label, r.Repeat)).ToDictionary(g => g.Key, g => g.Min(r => r.Id));
        Runs = all.Where(r => r.RetriedById is null).OrderBy(r => place[(r.Label, r.Repeat)]).ToList();
        Earlier = all.Where(r => r.RetriedById is not null).OrderBy(r => r.Attempt).ToLookup(r => (r.Label, r.Repeat));
    }

    private List<ChartSeries> Series(IEnumerable<MetricPoint> points, LiveCurve curve, Func<MetricPoint, double> x) =>
        points.Where(p => p.Split == curve.Split && p.Name == curve.Name)
            .GroupBy(p => p.RunId)
            .Select(g => new ChartSeries(SeriesKey(g.Key), LabelOf(g.Key), [.. g.Select(x)], [.. g.Select(p => p.Value)])
            {
                Markers = curve.Markers,
                EndLabel = Runs.Any(r => r.Id == g.Key && r.Status == RunStatus.Diverged) ? "diverged" : null,
            })
            .ToList();

    private List<ChartSeries> Additions(List<(int RunId, PointValue Point)> points, LiveCurve curve) =>
        points.Where(p => !_replaced.Contains(p.RunId) && p.Point.Split == curve.Split && p.Point.Name == curve.Name
                          && IsNew(curve, p.RunId, X(curve, p.Point.Step, p.Point.Epoch)))
            .GroupBy(p => p.RunId)
            .Select(g => new ChartSeries(SeriesKey(g.Key), LabelOf(g.Key), [.. g.Select(p => X(curve, p.Point.Step, p.Point.Epoch))], [.. g.Select(p => p.Point.Value)])
            {
                Markers = curve.Markers,
            })
            .ToList();

    private bool IsNew(LiveCurve curve, int runId, double x)
    {
        if (_drawnUpTo.TryGetValue((curve, runId), out var last) && x <= last)
        {
            return false;
        }

        _drawnUpTo[(curve, runId)] = x;
        return true;
    }

    /// <summary>
    /// The keys of the curves of runs a retry replaced (in this browser, another or through the API).
    /// Only runs read as replaced are dropped: a stale read of the runs can miss a replacement, which
    /// the next one finds, but never invents one.
    /// </summary>
    private List<string> DropReplaced()
    {
        var drawn = _drawnUpTo.Keys.Select(k => k.Run).ToHashSet();
        var replaced = Earlier.SelectMany(g => g).Select(r => r.Id).Where(id => drawn.Contains(id) && _replaced.Add(id)).ToList();
        foreach (var key in _drawnUpTo.Keys.Where(k => replaced.Contains(k.Run)).ToList())
        {
            _drawnUpTo.Remove(key);
        }

        // A run's curve, its diverged cross drawn with it or added live, and their end labels (ChartPayload).
        return [.. replaced.SelectMany(id => new[] { SeriesKey(id), $"{SeriesKey(id)}/end", $"{SeriesKey(id)}/diverged", $"{SeriesKey(id)}/diverged/end" })];
    }

    /// <summary>
    /// A run that diverges while the page is open gets the "diverged" cross at the end of its curves
    /// at once, as a reload would draw it (runs diverged before the draw carry it already, see <see cref="Series"/>).
    /// </summary>
    private (List<ChartSeries> Accuracy, List<ChartSeries> Loss) DivergedMarks()
    {
        var accuracy = new List<ChartSeries>();
        var loss = new List<ChartSeries>();
        foreach (var runId in _divergedSince.Where(id => !_replaced.Contains(id) && _markedDiverged.Add(id)).ToList())
        {
            foreach (var (curve, marks) in new[] { (_accuracy, accuracy), (_loss, loss) })
            {
                if (_drawnUpTo.TryGetValue((curve, runId), out var x) && LastValue(runId, curve.Split, curve.Name) is { } y)
                {
                    marks.Add(new ChartSeries($"{SeriesKey(runId)}/diverged", LabelOf(runId), [x], [y]) { EndLabel = "diverged", ShowInLegend = false });
                }
            }
        }

        _divergedSince.Clear();
        return (accuracy, loss);
    }

    private static LiveCurve? CurveOf(string split, string name) =>
        split == _accuracy.Split && name == _accuracy.Name ? _accuracy
        : split == _loss.Split && name == _loss.Name ? _loss
        : null;

    /// <summary>Epoch curves are drawn by epoch, batch curves by step.</summary>
    private static double X(LiveCurve curve, long step, int epoch) => curve.Split == Split.Batch.Key ? step : epoch;

    private static string SeriesKey(int runId) => $"run-{runId}";

    private sealed record LiveCurve(string Split, string Name, bool Markers);
}

/// <summary>The live charts drawn whole.</summary>
public sealed record LiveFrame(IReadOnlyList<ChartSeries> Accuracy, IReadOnlyList<ChartSeries> Loss);

/// <summary>What the live charts lack: appends, the keys of curves to remove, then diverged crosses to add.</summary>
public sealed record LiveChanges(
    IReadOnlyList<ChartSeries> Accuracy, IReadOnlyList<ChartSeries> Loss, IReadOnlyList<string> Removed,
    IReadOnlyList<ChartSeries> AccuracyMarks, IReadOnlyList<ChartSeries> LossMarks)
{
    public static LiveChanges None { get; } = new([], [], [], [], []);

    public bool IsEmpty => Accuracy.Count == 0 && Loss.Count == 0 && Removed.Count == 0 && AccuracyMarks.Count == 0 && LossMarks.Count == 0;
}
