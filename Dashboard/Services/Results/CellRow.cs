using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// One cell of a study in the aggregated results table: its runs (the repeats), how many ended
/// how, and mean ± standard deviation and n of every metric over its succeeded runs. A failed,
/// diverged, canceled or unfinished run is counted here and never averaged in.
/// </summary>
public sealed record CellRow
{
    private static readonly IReadOnlyDictionary<string, MetricSummary> _noSummaries = new Dictionary<string, MetricSummary>();

    public required string Label { get; init; }

    /// <summary>Axis name → formatted value, as the cell's runs carry them.</summary>
    public required IReadOnlyDictionary<string, string> Axes { get; init; }

    /// <summary>The cell's runs as rows of the per-run table, by repeat.</summary>
    public required IReadOnlyList<ResultRow> Runs { get; init; }

    /// <summary>Column key (<see cref="ResultColumn.Key"/>) → the summary of that column over the succeeded runs.</summary>
    public IReadOnlyDictionary<string, MetricSummary> Summaries { get; init; } = _noSummaries;

    /// <summary>The cell with the best mean of the table's headline metric; only a cell with a succeeded run can be it.</summary>
    public bool IsBest { get; init; }

    public int Succeeded => Count(RunStatus.Succeeded);
    public int Failed => Count(RunStatus.Failed);
    public int Diverged => Count(RunStatus.Diverged);
    public int Canceled => Count(RunStatus.Canceled);

    /// <summary>Queued or running: their results are still to come.</summary>
    public int Pending => Runs.Count(r => r.Status is RunStatus.Queued or RunStatus.Running);

    /// <summary>The summary of one column; an empty one (n = 0) for a column with no value.</summary>
    public MetricSummary Summary(string columnKey) => Summaries.GetValueOrDefault(columnKey);

    private int Count(RunStatus status) => Runs.Count(r => r.Status == status);
}
