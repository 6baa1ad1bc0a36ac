namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// The regression side of the results: the metric names a regression run reports (MSE and MAE in
/// the target's units, R²; docs/worker.md) and how to tell a regression study from a classifier's.
/// </summary>
public static class ResultsRegression
{
    /// <summary>The per-split scores of a regression epoch: "train_mse", "val_r2", …; points are stored as (split, score).</summary>
    public static IReadOnlyList<string> Scores { get; } = ["mse", "mae", "r2"];

    public const string TestMse = "test_mse";
    public const string TestMae = "test_mae";
    public const string TestR2 = "test_r2";
    public const string ValMse = "val_mse";
    public const string ValR2 = "val_r2";
    public const string TrainMse = "train_mse";
    public const string TestMseAtBestVal = "test_mse_at_best_val";
    public const string TestMaeAtBestVal = "test_mae_at_best_val";
    public const string TestR2AtBestVal = "test_r2_at_best_val";

    /// <summary>Every per-epoch regression metric, as "split_score".</summary>
    public static IReadOnlyList<string> LastEpoch { get; } =
        [.. new[] { "train", "val", "test" }.SelectMany(split => Scores.Select(score => $"{split}_{score}"))];

    /// <summary>The final metrics only regression runs have.</summary>
    public static IReadOnlyList<string> Final { get; } =
        [.. LastEpoch, "best_val_mse", "best_val_mae", "best_val_r2", TestMseAtBestVal, TestMaeAtBestVal, TestR2AtBestVal];

    /// <summary>R² is better high, like an accuracy; MSE and MAE low.</summary>
    public static bool IsHigherBetter(string metric) => metric.EndsWith("_r2", StringComparison.Ordinal) || metric.Contains("_r2_", StringComparison.Ordinal);

    /// <summary>A study is a regression study when any of its runs reported a regression score, finally or at an epoch.</summary>
    public static bool IsRegression(StudyResults results) =>
        results.Runs.Any(r => r.FinalMetrics?.ContainsKey(TestMse) == true || results.SeriesFor(r.Id, "test", "mse") is not null);
}
