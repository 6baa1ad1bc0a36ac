using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Results;

public enum ColumnKind
{
    /// <summary>Compared as numbers; NaN sorts with the nulls, last.</summary>
    Number,

    /// <summary>Compared as text.</summary>
    Text,

    /// <summary>An axis: compared by the position of the value in the axis's list, not as text ("0.25" before "0.3" before "1").</summary>
    Axis,

    /// <summary>A run status, in the order of <see cref="RunStatus"/>.</summary>
    Status,
}

/// <summary>
/// One column of the results table. <see cref="Key"/> is stable (the CSV header for fixed
/// columns, "axis:NAME" for axes), so a page can keep the sort column as a string.
/// </summary>
public sealed class ResultColumn : IEquatable<ResultColumn>
{
    private const string AxisPrefix = "axis:";
    private readonly Func<ResultRow, object?> _value;

    private ResultColumn(string key, string title, ColumnKind kind, Func<ResultRow, object?> value, string? axisName = null)
    {
        Key = key;
        Title = title;
        Kind = kind;
        _value = value;
        AxisName = axisName;
    }

    public string Key { get; }
    public string Title { get; }
    public ColumnKind Kind { get; }

    /// <summary>The axis of an axis column; null for the fixed columns.</summary>
    public string? AxisName { get; }

    /// <summary>The header of this column in <see cref="CsvExport.TableCsv"/>.</summary>
    public string CsvName => AxisName ?? Key;

    public static ResultColumn RunId { get; } = new("run_id", "Run", ColumnKind.Number, r => r.RunId);
    public static ResultColumn Label { get; } = new("label", "Cell", ColumnKind.Text, r => r.Label);
    public static ResultColumn Repeat { get; } = new("repeat", "Repeat", ColumnKind.Number, r => r.Repeat);
    public static ResultColumn Seed { get; } = new("seed", "Seed", ColumnKind.Number, r => r.Seed);
    public static ResultColumn Status { get; } = new("status", "Status", ColumnKind.Status, r => r.Status);
    public static ResultColumn EpochsDone { get; } = new("epochs_done", "Epochs done", ColumnKind.Number, r => r.EpochsDone);
    public static ResultColumn Epochs { get; } = new("epochs", "Epochs", ColumnKind.Number, r => r.Epochs);
    public static ResultColumn TrainLoss { get; } = Metric(ResultMetrics.TrainLoss, "Train loss");
    public static ResultColumn TrainAccuracy { get; } = Metric(ResultMetrics.TrainAccuracy, "Train acc.");
    public static ResultColumn ValLoss { get; } = Metric(ResultMetrics.ValLoss, "Val loss");
    public static ResultColumn ValAccuracy { get; } = Metric(ResultMetrics.ValAccuracy, "Val acc.");
    public static ResultColumn TestLoss { get; } = Metric(ResultMetrics.TestLoss, "Test loss");
    public static ResultColumn TestAccuracy { get; } = Metric(ResultMetrics.TestAccuracy, "Test acc.");
    public static ResultColumn BestValAccuracy { get; } = Metric(ResultMetrics.BestValAccuracy, "Best val acc.");
    public static ResultColumn BestValEpoch { get; } = new(ResultMetrics.BestValEpoch, "Best val epoch", ColumnKind.Number, r => r.BestValEpoch);
    public static ResultColumn TestAccuracyAtBestVal { get; } = Metric(ResultMetrics.TestAccuracyAtBestVal, "Test acc. at best val");
    public static ResultColumn TestLossAtBestVal { get; } = Metric(ResultMetrics.TestLossAtBestVal, "Test loss at best val");
    public static ResultColumn Parameters { get; } = new(ResultMetrics.Parameters, "Parameters", ColumnKind.Number, r => r.Parameters);
    public static ResultColumn MeanEpochSeconds { get; } = Metric(ResultMetrics.MeanEpochSeconds, "s / epoch");

    /// <summary>The fixed columns, in table order; the axis columns go after <see cref="Label"/>.</summary>
    public static IReadOnlyList<ResultColumn> Fixed { get; } =
    [
        RunId, Label, Repeat, Seed, Status, EpochsDone, Epochs, TrainLoss, TrainAccuracy, ValLoss, ValAccuracy, TestLoss, TestAccuracy,
        BestValAccuracy, BestValEpoch, TestAccuracyAtBestVal, TestLossAtBestVal, Parameters, MeanEpochSeconds,
    ];

    /// <summary>The fixed columns of a regression study: MSE, MAE and R² (in the target's units) where a classifier's table has accuracies.</summary>
    public static IReadOnlyList<ResultColumn> RegressionFixed { get; } =
    [
        RunId, Label, Repeat, Seed, Status, EpochsDone, Epochs, TrainLoss, Metric(ResultsRegression.TrainMse, "Train MSE"), ValLoss, Metric(ResultsRegression.ValMse, "Val MSE"),
        Metric(ResultsRegression.ValR2, "Val R²"), TestLoss, Metric(ResultsRegression.TestMse, "Test MSE"), Metric(ResultsRegression.TestMae, "Test MAE"),
        Metric(ResultsRegression.TestR2, "Test R²"), BestValEpoch, Metric(ResultsRegression.TestMseAtBestVal, "Test MSE at best val"),
        Metric(ResultsRegression.TestMaeAtBestVal, "Test MAE at best val"), Metric(ResultsRegression.TestR2AtBestVal, "Test R² at best val"),
        Parameters, MeanEpochSeconds,
    ];

    public static ResultColumn ForAxis(string axisName) =>
        new(AxisPrefix + axisName, axisName, ColumnKind.Axis, r => r.Axes.GetValueOrDefault(axisName), axisName);

    /// <summary>A fixed column by key, or an axis column by "axis:NAME"; null for an unknown key.</summary>
    public static ResultColumn? FromKey(string key) =>
        key.StartsWith(AxisPrefix, StringComparison.Ordinal) ? ForAxis(key[AxisPrefix.Length..]) : Fixed.Concat(RegressionFixed).FirstOrDefault(c => c.Key == key);

    /// <summary>The row's value in this column: an int, long, double?, string or <see cref="RunStatus"/>; null when nothing was recorded.</summary>
    public object? ValueOf(ResultRow row) => _value(row);

    // Axis columns are made on demand, so two of them for the same axis must compare equal.
    public bool Equals(ResultColumn? other) => other is not null && other.Key == Key;

    public override bool Equals(object? obj) => Equals(obj as ResultColumn);

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Key;

    private static ResultColumn Metric(string name, string title) => new(name, title, ColumnKind.Number, r => r.Metric(name));
}
