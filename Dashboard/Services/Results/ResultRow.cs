using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Results;

/// <summary>Where a row's metrics come from.</summary>
public enum MetricsSource
{
    /// <summary>Nothing recorded yet: every metric is null.</summary>
    None,

    /// <summary>The worker's final metrics.</summary>
    Final,

    /// <summary>No final metrics (running, diverged, failed, canceled): the last epoch's points.</summary>
    LastEpochPoints,
}

/// <summary>One run as a row of the results table. Metrics are null where nothing was recorded, never zero.</summary>
public sealed record ResultRow
{
    private static readonly IReadOnlyDictionary<string, double?> _noMetrics = new Dictionary<string, double?>();

    public required int RunId { get; init; }
    public required string Label { get; init; }

    /// <summary>Axis name → formatted value, as in <see cref="RunResult.Cell"/>.</summary>
    public required IReadOnlyDictionary<string, string> Axes { get; init; }

    public int Repeat { get; init; }
    public int Seed { get; init; }
    public RunStatus Status { get; init; }
    public int EpochsDone { get; init; }
    public int Epochs { get; init; }
    public long? Parameters { get; init; }
    public string? Error { get; init; }
    public MetricsSource Source { get; init; }

    /// <summary>The epoch the last-epoch metrics belong to, when known.</summary>
    public int? LastEpoch { get; init; }

    /// <summary>Metric name (<see cref="ResultMetrics"/>) → value; a name that is absent reads as null.</summary>
    public IReadOnlyDictionary<string, double?> Metrics { get; init; } = _noMetrics;

    /// <summary>The best run of its table by the table's <see cref="BestBy"/>; only ever a succeeded run.</summary>
    public bool IsBest { get; init; }

    /// <summary>Failed or diverged: marked with its status, never a best row.</summary>
    public bool IsFailure => Status is RunStatus.Failed or RunStatus.Diverged;

    public double? TrainLoss => Metric(ResultMetrics.TrainLoss);
    public double? TrainAccuracy => Metric(ResultMetrics.TrainAccuracy);
    public double? ValLoss => Metric(ResultMetrics.ValLoss);
    public double? ValAccuracy => Metric(ResultMetrics.ValAccuracy);
    public double? TestLoss => Metric(ResultMetrics.TestLoss);
    public double? TestAccuracy => Metric(ResultMetrics.TestAccuracy);
    public double? BestValAccuracy => Metric(ResultMetrics.BestValAccuracy);
    public int? BestValEpoch => Metric(ResultMetrics.BestValEpoch) is { } e && double.IsFinite(e) ? (int)e : null;
    public double? TestAccuracyAtBestVal => Metric(ResultMetrics.TestAccuracyAtBestVal);
    public double? TestLossAtBestVal => Metric(ResultMetrics.TestLossAtBestVal);
    public double? MeanEpochSeconds => Metric(ResultMetrics.MeanEpochSeconds);

    public double? Metric(string name) => Metrics.GetValueOrDefault(name);

    /// <summary>
    /// A run's row. With final metrics, those; without, the last recorded epoch's train, val and
    /// test loss and accuracy from its points (a metric missing at that epoch stays null); with
    /// neither, nulls.
    /// </summary>
    public static ResultRow From(RunResult run, StudyResults results)
    {
        var (source, lastEpoch, metrics) = run.FinalMetrics is { } final
            ? (MetricsSource.Final, final.GetValueOrDefault(ResultMetrics.EpochsCompleted) is { } done && double.IsFinite(done) ? (int)done : run.EpochsDone, final)
            : LastEpochFromPoints(run.Id, results);

        return new ResultRow
        {
            RunId = run.Id,
            Label = run.Label,
            Axes = run.Cell,
            Repeat = run.Repeat,
            Seed = run.Seed,
            Status = run.Status,
            EpochsDone = run.EpochsDone,
            Epochs = run.Epochs,
            // The stored count is the planner's, known before training; the final one is the same number from the worker.
            Parameters = run.Parameters ?? (metrics.GetValueOrDefault(ResultMetrics.Parameters) is { } p && double.IsFinite(p) ? (long)p : null),
            Error = run.Error,
            Source = source,
            LastEpoch = lastEpoch,
            Metrics = metrics,
        };
    }

    private static (MetricsSource, int?, IReadOnlyDictionary<string, double?>) LastEpochFromPoints(int runId, StudyResults results)
    {
        var series = ResultMetrics.LastEpoch
            .Select(metric => (metric, series: ResultMetrics.EpochSeries(metric) is { } key ? results.SeriesFor(runId, key.Split, key.Name) : null))
            .Where(s => s.series is { Points.Count: > 0 })
            .ToList();
        if (series.Count == 0)
        {
            return (MetricsSource.None, null, _noMetrics);
        }

        // One epoch for every column: a metric the last epoch lacks is null, not an older epoch's value.
        var last = series.Max(s => s.series!.Points[^1].Epoch);
        var metrics = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (metric, s) in series)
        {
            var point = s!.Points[^1];
            if (point.Epoch == last)
            {
                metrics[metric] = point.Value;
            }
        }

        return (MetricsSource.LastEpochPoints, last, metrics);
    }
}
