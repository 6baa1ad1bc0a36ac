using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// One axis as the results see it: its name, the run-spec field it sets (null when the axis is not
/// a field, such as a variants study's "variant") and its values in the order the study lists
/// them, followed by any value a run carries that the study does not list.
/// </summary>
public sealed record ResultAxis(string Name, string? Path, IReadOnlyList<string> Values);

/// <summary>One recorded point of one run, as loaded from the Points table.</summary>
public readonly record struct RunPoint(int RunId, long Step, int Epoch, string Split, string Name, double Value, double Time);

/// <summary>A curve's key: the split ("train", "val", "test", "batch") and the metric ("loss", "accuracy", …).</summary>
public readonly record struct SeriesKey(string Split, string Name)
{
    public override string ToString() => $"{Split}/{Name}";
}

/// <summary>One point of a curve. <see cref="X"/> is the epoch, or the step for batch points.</summary>
public readonly record struct SeriesPoint(double X, long Step, int Epoch, double Value, double Time);

/// <summary>One run's curve for one (split, name), ordered by x.</summary>
public sealed record Series(SeriesKey Key, IReadOnlyList<SeriesPoint> Points)
{
    /// <summary>Batch curves are drawn against the optimizer step; every other curve against the epoch.</summary>
    public bool XIsStep => Key.Split == ResultMetrics.BatchSplit;
}

/// <summary>One run of a study, with its cell values and final metrics parsed.</summary>
public sealed record RunResult
{
    public required int Id { get; init; }
    public required string Label { get; init; }

    /// <summary>
    /// Axis name → formatted value. An axis the cell does not set (the baseline of a
    /// one-factor-at-a-time study, a variant that leaves a field alone) is filled in from the
    /// run's own spec, so every run can be grouped and pivoted by every axis.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Cell { get; init; }

    public int Repeat { get; init; }
    public int Seed { get; init; }
    public RunStatus Status { get; init; }
    public int Epochs { get; init; }
    public int EpochsDone { get; init; }
    public long? Parameters { get; init; }
    public string? Device { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? Error { get; init; }

    /// <summary>The worker's final metrics (docs/worker.md, "final"), or null when the run never got that far.</summary>
    public IReadOnlyDictionary<string, double?>? FinalMetrics { get; init; }

    /// <summary>Failed or diverged: such a run shows its status and is never a best run.</summary>
    public bool IsFailure => Status is RunStatus.Failed or RunStatus.Diverged;
}

/// <summary>
/// Everything the results pages show for one study: its axes, its runs and every run's curves.
/// Immutable once built, so a page can keep it and derive tables and pivots from it freely.
/// </summary>
public sealed class StudyResults
{
    private static readonly IReadOnlyList<Series> _noSeries = [];
    private readonly Dictionary<int, RunResult> _runsById;
    private readonly Dictionary<int, Dictionary<SeriesKey, Series>> _series;
    private readonly Dictionary<int, IReadOnlyList<Series>> _orderedSeries;

    /// <param name="points">Every point of the study, in any order; each run's curves are built from them.</param>
    public StudyResults(int studyId, string name, IReadOnlyList<ResultAxis> axes, IReadOnlyList<RunResult> runs, IEnumerable<RunPoint> points)
    {
        StudyId = studyId;
        Name = name;
        Axes = axes;
        Runs = runs;
        _runsById = runs.ToDictionary(r => r.Id);
        (_series, PointCount) = Group(points);
        _orderedSeries = _series.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Series>)kv.Value.Values
            .OrderBy(s => ResultMetrics.SplitRank(s.Key.Split))
            .ThenBy(s => s.Key.Split, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Name, StringComparer.Ordinal)
            .ToList());
    }

    public int StudyId { get; }
    public string Name { get; }
    public string Description { get; init; } = "";
    public string Dataset { get; init; } = "";
    public GridMode Mode { get; init; } = GridMode.Full;

    /// <summary>The preset the study was made from (Presets/*.json), or null.</summary>
    public string? Preset { get; init; }

    /// <summary>The study's baseline run spec, when its spec could be read.</summary>
    public System.Text.Json.Nodes.JsonObject? BaseSpec { get; init; }

    /// <summary>Whether the batch points were loaded (<see cref="ResultsLoader.LoadAsync"/>'s withBatch).</summary>
    public bool IncludesBatch { get; init; } = true;
    public IReadOnlyList<ResultAxis> Axes { get; }

    /// <summary>The study's runs, in run id order.</summary>
    public IReadOnlyList<RunResult> Runs { get; }

    /// <summary>How many points the curves hold in all.</summary>
    public int PointCount { get; }

    public RunResult? Run(int runId) => _runsById.GetValueOrDefault(runId);

    public ResultAxis? Axis(string name) => Axes.FirstOrDefault(a => a.Name == name);

    /// <summary>One curve of one run, or null when the run recorded no such point.</summary>
    public Series? SeriesFor(int runId, string split, string name) =>
        _series.TryGetValue(runId, out var byKey) && byKey.TryGetValue(new SeriesKey(split, name), out var series) ? series : null;

    /// <summary>Every curve of one run: train, val, test, then batch; by name within a split.</summary>
    public IReadOnlyList<Series> SeriesOf(int runId) => _orderedSeries.GetValueOrDefault(runId) ?? _noSeries;

    private static (Dictionary<int, Dictionary<SeriesKey, Series>>, int) Group(IEnumerable<RunPoint> points)
    {
        var lists = new Dictionary<int, Dictionary<SeriesKey, List<SeriesPoint>>>();
        var count = 0;
        foreach (var p in points)
        {
            if (!lists.TryGetValue(p.RunId, out var byKey))
            {
                byKey = [];
                lists[p.RunId] = byKey;
            }

            var key = new SeriesKey(p.Split, p.Name);
            if (!byKey.TryGetValue(key, out var list))
            {
                list = [];
                byKey[key] = list;
            }

            var x = p.Split == ResultMetrics.BatchSplit ? p.Step : p.Epoch;
            list.Add(new SeriesPoint(x, p.Step, p.Epoch, p.Value, p.Time));
            count++;
        }

        var series = lists.ToDictionary(
            run => run.Key,
            run => run.Value.ToDictionary(kv => kv.Key, kv => new Series(kv.Key, InXOrder(kv.Value))));
        return (series, count);
    }

    private static List<SeriesPoint> InXOrder(List<SeriesPoint> points)
    {
        // The loader's points arrive in step order, which is already x order; sort (stably, so
        // equal x keep their recorded order) only when they came from elsewhere.
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].X < points[i - 1].X)
            {
                return points.OrderBy(p => p.X).ToList();
            }
        }

        return points;
    }
}
