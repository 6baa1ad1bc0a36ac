using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// One cell of a pivot: the metric's mean over the cell's succeeded runs (its repeats, and the
/// runs of any axis the pivot does not show), how many runs that mean is of, and how many of the
/// cell's runs failed or diverged. <see cref="Mean"/> is null when no succeeded run has the
/// metric: an empty cell is empty, never 0.
/// </summary>
public sealed record PivotCell(string RowValue, string ColumnValue, double? Mean, double? StdDev, int N, int Failures, int Runs, IReadOnlyList<int> RunIds)
{
    /// <summary>The cell with the best mean of its table.</summary>
    public bool IsBest { get; init; }

    /// <summary>How many of <see cref="Failures"/> diverged (a NaN or infinite loss) rather than failed.</summary>
    public int Diverged { get; init; }

    public bool IsEmpty => Mean is null;
}

/// <summary>A metric tabulated over two axes, such as activation × loss (docs: study B of studies.md).</summary>
public sealed class PivotTable
{
    private readonly PivotCell[,] _cells;

    private PivotTable(string rowAxis, string columnAxis, BestBy best, IReadOnlyList<string> rows, IReadOnlyList<string> columns, PivotCell[,] cells)
    {
        RowAxis = rowAxis;
        ColumnAxis = columnAxis;
        Best = best;
        Rows = rows;
        Columns = columns;
        _cells = cells;
        BestCell = cells.Cast<PivotCell>().FirstOrDefault(c => c.IsBest);
    }

    public string RowAxis { get; }
    public string ColumnAxis { get; }

    /// <summary>The metric and the direction the best cell was picked in.</summary>
    public BestBy Best { get; }

    public string Metric => Best.Metric;

    /// <summary>The row axis's values, in the axis's order.</summary>
    public IReadOnlyList<string> Rows { get; }

    /// <summary>The column axis's values, in the axis's order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The cell with the best mean; null when every cell is empty.</summary>
    public PivotCell? BestCell { get; }

    /// <summary>The cell at a row and column index; every cell exists, an empty one has a null mean.</summary>
    public PivotCell this[int row, int column] => _cells[row, column];

    /// <summary>The cell of a row value and a column value, or null for values the axes do not have.</summary>
    public PivotCell? Cell(string rowValue, string columnValue)
    {
        var (r, c) = (IndexOf(Rows, rowValue), IndexOf(Columns, columnValue));
        return r < 0 || c < 0 ? null : _cells[r, c];
    }

    /// <param name="metric">A metric name of <see cref="ResultMetrics"/>, such as "test_accuracy".</param>
    /// <param name="higherIsBetter">The direction of the best cell; by default accuracies high, everything else low.</param>
    /// <param name="where">Only runs with these axis values (axis name → value), e.g. depth=1 of a depth × activation × loss grid.</param>
    /// <exception cref="ArgumentException">An axis the study does not have, or the same axis twice.</exception>
    public static PivotTable Build(
        StudyResults results, string rowAxis, string columnAxis, string metric, bool? higherIsBetter = null, IReadOnlyDictionary<string, string>? where = null)
    {
        var rowValues = AxisValues(results, rowAxis, nameof(rowAxis));
        var columnValues = AxisValues(results, columnAxis, nameof(columnAxis));
        if (rowAxis == columnAxis)
        {
            throw new ArgumentException($"the rows and the columns are both '{rowAxis}'", nameof(columnAxis));
        }

        foreach (var axis in where?.Keys ?? [])
        {
            AxisValues(results, axis, nameof(where));
        }

        var best = new BestBy(metric, higherIsBetter ?? ResultMetrics.HigherIsBetter(metric));
        var runs = results.Runs
            .Where(r => where is null || where.All(w => r.Cell.GetValueOrDefault(w.Key) == w.Value))
            .Where(r => r.Cell.ContainsKey(rowAxis) && r.Cell.ContainsKey(columnAxis))
            .ToLookup(r => (r.Cell[rowAxis], r.Cell[columnAxis]));

        var cells = new PivotCell[rowValues.Count, columnValues.Count];
        (int Row, int Column)? top = null;
        for (var i = 0; i < rowValues.Count; i++)
        {
            for (var j = 0; j < columnValues.Count; j++)
            {
                var cell = Summarize(results, rowValues[i], columnValues[j], runs[(rowValues[i], columnValues[j])].ToList(), metric);
                cells[i, j] = cell;
                if (cell.Mean is { } mean && best.Beats(mean, top is { } t ? cells[t.Row, t.Column].Mean : null))
                {
                    top = (i, j);
                }
            }
        }

        if (top is { } winner)
        {
            cells[winner.Row, winner.Column] = cells[winner.Row, winner.Column] with { IsBest = true };
        }

        return new PivotTable(rowAxis, columnAxis, best, rowValues, columnValues, cells);
    }

    private static PivotCell Summarize(StudyResults results, string rowValue, string columnValue, List<RunResult> runs, string metric)
    {
        var (mean, stdDev, n) = MetricSummary.Of(runs, results, metric);
        return new PivotCell(rowValue, columnValue, mean, stdDev, n, runs.Count(r => r.IsFailure), runs.Count, runs.Select(r => r.Id).ToList())
        {
            Diverged = runs.Count(r => r.Status == RunStatus.Diverged),
        };
    }

    private static IReadOnlyList<string> AxisValues(StudyResults results, string axis, string parameter) =>
        results.Axis(axis)?.Values ?? throw new ArgumentException($"the study has no axis '{axis}'", parameter);

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
