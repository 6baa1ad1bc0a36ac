using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Results;

/// <summary>How the results tables (per run and per cell) order their rows by a column.</summary>
internal static class ColumnOrder
{
    /// <summary>
    /// The items ordered by their value in a column. Items without a value (and NaN) go last in both
    /// directions; items that tie keep their current order, so sorting by one column then another
    /// nests. Axis values sort by their position in the axis's list, not as text.
    /// </summary>
    public static List<T> By<T>(IEnumerable<T> items, ResultColumn column, Func<T, object?> value, IReadOnlyList<ResultAxis> axes, bool descending)
    {
        var axisValues = column.AxisName is { } name ? axes.FirstOrDefault(a => a.Name == name)?.Values : null;
        var positions = (axisValues ?? []).Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        var keyed = items.Select(item => (Item: item, Key: SortKey(column, value(item), positions))).ToList();
        var present = keyed.Where(k => k.Key is not null);
        var ordered = descending
            ? present.OrderByDescending(k => k.Key!.Value.Number).ThenByDescending(k => k.Key!.Value.Text, StringComparer.OrdinalIgnoreCase)
            : present.OrderBy(k => k.Key!.Value.Number).ThenBy(k => k.Key!.Value.Text, StringComparer.OrdinalIgnoreCase);
        return ordered.Concat(keyed.Where(k => k.Key is null)).Select(k => k.Item).ToList();
    }

    private static (double Number, string Text)? SortKey(ResultColumn column, object? value, Dictionary<string, int> axisPositions)
    {
        switch (column.Kind, value)
        {
            case (_, null):
                return null;
            case (ColumnKind.Axis, string s):
                // A value the axis does not list sorts after the listed ones, by its text.
                return axisPositions.TryGetValue(s, out var index) ? (index, "") : (int.MaxValue, s);
            case (ColumnKind.Status, RunStatus status):
                return ((int)status, "");
            case (ColumnKind.Text, _):
                return (0, value.ToString() ?? "");
        }

        var number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        return double.IsNaN(number) ? null : (number, "");
    }
}
