namespace Ablation.Training.Data.Tabular;

/// <summary>The two tasks a table can be trained for (the values of <c>data.task</c>).</summary>
public static class TabularTask
{
    public const string Classification = "classification";
    public const string Regression = "regression";
}
