using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Results;

/// <summary>The rows of one axis value, in the table's order.</summary>
public sealed record ResultGroup(string Axis, string? Value, IReadOnlyList<ResultRow> Rows)
{
    public int Succeeded => Rows.Count(r => r.Status == RunStatus.Succeeded);

    /// <summary>Failed and diverged rows.</summary>
    public int Failures => Rows.Count(r => r.IsFailure);

    /// <summary>The mean of a metric over the group's succeeded rows that have it; null when none has.</summary>
    public double? Mean(string metric)
    {
        var values = Rows.Where(r => r.Status == RunStatus.Succeeded).Select(r => r.Metric(metric)).OfType<double>().ToList();
        return values.Count == 0 ? null : values.Average();
    }
}

/// <summary>
/// One row per run, sortable by any column and groupable by any axis, with the best succeeded run
/// flagged. Immutable: sorting or re-ranking gives a new table over the same rows.
/// </summary>
public sealed class ResultsTable
{
    private ResultsTable(IReadOnlyList<ResultAxis> axes, IReadOnlyList<ResultRow> rows, BestBy best, ResultColumn? sortColumn, bool sortDescending, bool isRegression = false)
    {
        IsRegression = isRegression;
        Axes = axes;
        Rows = rows;
        Best = best;
        SortColumn = sortColumn;
        SortDescending = sortDescending;
        var fixedColumns = isRegression ? ResultColumn.RegressionFixed : ResultColumn.Fixed;
        Columns = [ResultColumn.RunId, ResultColumn.Label, .. axes.Select(a => ResultColumn.ForAxis(a.Name)), .. fixedColumns.Where(c => c != ResultColumn.RunId && c != ResultColumn.Label)];
        BestRow = rows.FirstOrDefault(r => r.IsBest);
    }

    public IReadOnlyList<ResultAxis> Axes { get; }

    /// <summary>A regression study: MSE, MAE and R² columns instead of accuracies, and the best run by lowest test MSE by default.</summary>
    public bool IsRegression { get; }

    /// <summary>Run, cell, one column per axis, then the fixed columns.</summary>
    public IReadOnlyList<ResultColumn> Columns { get; }

    public IReadOnlyList<ResultRow> Rows { get; }
    public BestBy Best { get; }

    /// <summary>The succeeded run with the best value of <see cref="Best"/>; null when no succeeded run has that metric.</summary>
    public ResultRow? BestRow { get; }

    public ResultColumn? SortColumn { get; }
    public bool SortDescending { get; }

    /// <summary>The table of a study's runs, in run order, with the best run by <paramref name="best"/> (default: highest test accuracy) flagged.</summary>
    public static ResultsTable Build(StudyResults results, BestBy? best = null)
    {
        var regression = ResultsRegression.IsRegression(results);
        best ??= regression ? BestBy.For(ResultsRegression.TestMse) : BestBy.TestAccuracy;
        var rows = results.Runs.Select(r => ResultRow.From(r, results)).ToList();
        return new ResultsTable(results.Axes, Flag(rows, best), best, null, false, regression);
    }

    /// <summary>The same rows with the best run picked by another metric or direction; the order is kept.</summary>
    public ResultsTable WithBest(BestBy best) => new(Axes, Flag(Rows, best), best, SortColumn, SortDescending, IsRegression);

    /// <summary>
    /// The rows ordered by a column. Rows without a value (and NaN) go last in both directions;
    /// rows that tie keep their current order, so sorting by one column then another nests.
    /// </summary>
    public ResultsTable Sort(ResultColumn column, bool descending = false) =>
        new(Axes, ColumnOrder.By(Rows, column, column.ValueOf, Axes, descending), Best, column, descending, IsRegression);

    /// <summary>Sorts by a column key (<see cref="ResultColumn.Key"/>, "axis:NAME" for an axis).</summary>
    /// <exception cref="ArgumentException">No such column.</exception>
    public ResultsTable Sort(string columnKey, bool descending = false) =>
        Sort(Column(columnKey) ?? throw new ArgumentException($"no column '{columnKey}'", nameof(columnKey)), descending);

    /// <summary>A column of this table by key, or null.</summary>
    public ResultColumn? Column(string key) => Columns.FirstOrDefault(c => c.Key == key);

    /// <summary>
    /// The rows grouped by one axis's value: groups in the axis's order, rows in the table's
    /// order within each, and a last group with a null value for rows without one.
    /// Values no row has give no group.
    /// </summary>
    /// <exception cref="ArgumentException">No such axis.</exception>
    public IReadOnlyList<ResultGroup> GroupBy(string axisName)
    {
        var axis = Axes.FirstOrDefault(a => a.Name == axisName) ?? throw new ArgumentException($"no axis '{axisName}'", nameof(axisName));
        var byValue = Rows.GroupBy(r => r.Axes.GetValueOrDefault(axisName) ?? "").ToDictionary(g => g.Key, g => g.ToList());
        var groups = axis.Values
            .Where(byValue.ContainsKey)
            .Select(v => new ResultGroup(axisName, v, byValue[v]))
            .ToList();
        var missing = Rows.Where(r => r.Axes.GetValueOrDefault(axisName) is null).ToList();
        if (missing.Count > 0)
        {
            groups.Add(new ResultGroup(axisName, null, missing));
        }

        return groups;
    }

    private static List<ResultRow> Flag(IReadOnlyList<ResultRow> rows, BestBy best)
    {
        ResultRow? winner = null;
        double? top = null;
        foreach (var row in rows.OrderBy(r => r.RunId))
        {
            // Only a run that finished can win: a diverged run's last good epoch is not a result.
            if (row.Status == RunStatus.Succeeded && row.Metric(best.Metric) is { } value && best.Beats(value, top))
            {
                (winner, top) = (row, value);
            }
        }

        return rows.Select(r =>
        {
            var isBest = ReferenceEquals(r, winner);
            return r.IsBest == isBest ? r : r with { IsBest = isBest };
        }).ToList();
    }
}
