namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// The aggregated results table: one row per cell (its repeats together) with mean ± std and n of
/// every metric column of the per-run table, sortable by any of them (by the mean), the best cell
/// by the mean of the headline metric flagged. Immutable: sorting gives a new table over the same cells.
/// </summary>
public sealed class CellTable
{
    private CellTable(ResultsTable runs, IReadOnlyList<ResultColumn> metrics, IReadOnlyList<CellRow> cells, ResultColumn? sortColumn, bool sortDescending)
    {
        RunTable = runs;
        Metrics = metrics;
        Cells = cells;
        SortColumn = sortColumn;
        SortDescending = sortDescending;
        KeyColumns = [ResultColumn.Label, .. runs.Axes.Select(a => ResultColumn.ForAxis(a.Name))];
        BestCell = cells.FirstOrDefault(c => c.IsBest);
    }

    /// <summary>The per-run table the cells were built from; its <see cref="ResultsTable.Best"/> is the headline metric.</summary>
    public ResultsTable RunTable { get; }

    public IReadOnlyList<ResultAxis> Axes => RunTable.Axes;

    /// <summary>The columns summarized per cell: the per-run table's metric columns (final and at the best validation epoch, sizes and times).</summary>
    public IReadOnlyList<ResultColumn> Metrics { get; }

    /// <summary>The cells, in the order of their first run unless sorted.</summary>
    public IReadOnlyList<CellRow> Cells { get; }

    /// <summary>The cell with the best mean of <see cref="ResultsTable.Best"/>; null when no cell has a succeeded run with it.</summary>
    public CellRow? BestCell { get; }

    public BestBy Best => RunTable.Best;
    public ResultColumn? SortColumn { get; }
    public bool SortDescending { get; }

    /// <summary>Whether some cell has more than one run: then the cells are the table to read first.</summary>
    public bool HasRepeats => Cells.Any(c => c.Runs.Count > 1);

    /// <summary>The label column first, then one column per axis; the metric columns follow (<see cref="Metrics"/>).</summary>
    public IReadOnlyList<ResultColumn> KeyColumns { get; }

    /// <summary>The cells of a per-run table: runs grouped by their cell label.</summary>
    public static CellTable Build(ResultsTable runs)
    {
        var metrics = runs.Columns.Where(IsMetric).ToList();
        var cells = runs.Rows.OrderBy(r => r.RunId).GroupBy(r => r.Label)
            .Select(g => new CellRow
            {
                Label = g.Key,
                Axes = g.First().Axes,
                Runs = g.OrderBy(r => r.Repeat).ThenBy(r => r.RunId).ToList(), // a retry sits at its repeat's place
                Summaries = metrics.ToDictionary(m => m.Key, m => MetricSummary.Of(g, row => AsNumber(m.ValueOf(row)))),
            })
            .ToList();
        return new CellTable(runs, metrics, Flag(cells, runs.Best), null, false);
    }

    /// <summary>The cells ordered by a column: a metric by its mean, an axis by the axis's order, the label as text. Cells without a value go last.</summary>
    public CellTable Sort(ResultColumn column, bool descending = false) =>
        new(RunTable, Metrics, ColumnOrder.By(Cells, column, cell => ValueOf(cell, column), Axes, descending), column, descending);

    /// <summary>Sorts by a column key (<see cref="ResultColumn.Key"/>, "axis:NAME" for an axis).</summary>
    /// <exception cref="ArgumentException">No such column in this table.</exception>
    public CellTable Sort(string columnKey, bool descending = false) =>
        Sort(KeyColumns.Concat(Metrics).FirstOrDefault(c => c.Key == columnKey) ?? throw new ArgumentException($"no column '{columnKey}'", nameof(columnKey)), descending);

    /// <summary>A cell's value in a column: its label, its axis value, or the mean of a metric (null when no succeeded run has it).</summary>
    public static object? ValueOf(CellRow cell, ResultColumn column) =>
        column.AxisName is { } axis ? cell.Axes.GetValueOrDefault(axis)
        : column == ResultColumn.Label ? cell.Label
        : cell.Summary(column.Key).Mean;

    /// <summary>Numbers of the run table (what a metric column holds); run ids, repeats, seeds, epoch counts and statuses are not summarized.</summary>
    private static bool IsMetric(ResultColumn column) =>
        column.Kind == ColumnKind.Number && column.AxisName is null
        && column != ResultColumn.RunId && column != ResultColumn.Repeat && column != ResultColumn.Seed
        && column != ResultColumn.EpochsDone && column != ResultColumn.Epochs;

    private static double? AsNumber(object? value) => value switch
    {
        double d => d,
        long l => l,
        int i => i,
        _ => null,
    };

    private static List<CellRow> Flag(List<CellRow> cells, BestBy best)
    {
        CellRow? winner = null;
        double? top = null;
        foreach (var cell in cells)
        {
            // The headline metric is a column of the table unless the caller picked another.
            var summary = cell.Summaries.TryGetValue(best.Metric, out var s) ? s : MetricSummary.Of(cell.Runs, r => r.Metric(best.Metric));
            if (summary.Mean is { } mean && best.Beats(mean, top))
            {
                (winner, top) = (cell, mean);
            }
        }

        return winner is null ? cells : cells.Select(c => ReferenceEquals(c, winner) ? c with { IsBest = true } : c).ToList();
    }
}
