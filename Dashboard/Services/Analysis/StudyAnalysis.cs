using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Dashboard.Services.Analysis;

/// <summary>
/// The statistics of one loaded <see cref="StudyResults"/>, each computed once and kept as long as
/// the results are: the <see cref="ResultsCache"/> hands every page (and the prerender and the
/// interactive render) the same results object, so the effects are computed once per load, not
/// per render, and a reload (new results) starts afresh.
/// </summary>
public sealed class StudyAnalysis
{
    private static readonly ConditionalWeakTable<StudyResults, StudyAnalysis> _byResults = [];
    private static readonly HashSet<string> _notAnalysed = [ResultMetrics.Parameters, ResultMetrics.EpochsCompleted, ResultMetrics.BestValEpoch];

    private readonly StudyResults _results;
    private readonly ConcurrentDictionary<string, StudyEffects> _effects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<InteractionPlot>> _interactions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ParallelCoordinates> _parallel = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(SeriesKey, Smoothing), IReadOnlyList<AggregatedCurve>> _curves = new();

    private StudyAnalysis(StudyResults results)
    {
        _results = results;
        Cells = CellGrouping.Of(results);
        Metrics = [.. ResultMetrics.All.Where(m => !_notAnalysed.Contains(m) && results.Runs.Any(r =>
            r.Status == RunStatus.Succeeded && r.FinalMetrics?.GetValueOrDefault(m) is { } v && double.IsFinite(v)))];
    }

    /// <summary>The analysis of these results, made on first use.</summary>
    public static StudyAnalysis For(StudyResults results) => _byResults.GetValue(results, r => new StudyAnalysis(r));

    /// <summary>The study's cells, in grid order.</summary>
    public IReadOnlyList<CellGroup> Cells { get; }

    /// <summary>The final metrics some succeeded run reported, in the worker's order: what the effects can be computed on.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>Whether some cell has two runs or more, so a mean has a spread.</summary>
    public bool HasRepeats => Cells.Any(c => c.Runs.Count >= 2);

    public StudyEffects Effects(string metric) => _effects.GetOrAdd(metric, m => EffectsAnalysis.Compute(_results, Cells, m));

    public IReadOnlyList<InteractionPlot> Interactions(string metric) => _interactions.GetOrAdd(metric, m => Analysis.Interactions.Compute(_results, Cells, m));

    public ParallelCoordinates ParallelCoordinates(string metric) => _parallel.GetOrAdd(metric, m => Analysis.ParallelCoordinates.Compute(_results, Cells, m));

    /// <summary>Each cell's curve of <paramref name="key"/>, smoothed then aggregated.</summary>
    public IReadOnlyList<AggregatedCurve> Curves(SeriesKey key, Smoothing smoothing) =>
        _curves.GetOrAdd((key, smoothing), k => CurveAggregator.Aggregate(_results, Cells, k.Item1, k.Item2));
}
