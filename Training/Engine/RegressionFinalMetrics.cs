namespace Ablation.Training.Engine;

/// <summary>
/// The final metrics of a regression run: MSE, MAE and R² of every split at the last epoch, and
/// of the epoch with the lowest validation loss (the regression counterpart of the best validation
/// accuracy). The accuracy entries, which a regression run does not have, are removed.
/// </summary>
internal static class RegressionFinalMetrics
{
    private static readonly string[] _splits = ["train", "val", "test"];

    public static void AddTo(Dictionary<string, double?> metrics, IReadOnlyList<EpochMetrics> history)
    {
        if (history.Count == 0 || history[^1].TestMse is null)
        {
            return;
        }

        foreach (var key in metrics.Keys.Where(k => k.Contains("accuracy", StringComparison.Ordinal)).ToList())
        {
            metrics.Remove(key);
        }

        var last = history[^1];
        foreach (var split in _splits)
        {
            var (mse, mae, r2) = Scores(last, split);
            metrics[$"{split}_mse"] = mse;
            metrics[$"{split}_mae"] = mae;
            metrics[$"{split}_r2"] = r2;
        }

        // The same rule as best.pt and the classification metrics: with no accuracy, the lowest
        // validation loss, ties to the earlier epoch.
        if (BestValidation.Pick(history) is not { } best)
        {
            return;
        }

        metrics["best_val_loss"] = best.ValLoss;
        metrics["best_val_epoch"] = best.Epoch;
        metrics["best_val_mse"] = best.ValMse;
        metrics["best_val_mae"] = best.ValMae;
        metrics["best_val_r2"] = best.ValR2;
        metrics["test_loss_at_best_val"] = best.TestLoss;
        metrics["test_mse_at_best_val"] = best.TestMse;
        metrics["test_mae_at_best_val"] = best.TestMae;
        metrics["test_r2_at_best_val"] = best.TestR2;
    }

    private static (double? Mse, double? Mae, double? R2) Scores(EpochMetrics m, string split) => split switch
    {
        "train" => (m.TrainMse, m.TrainMae, m.TrainR2),
        "val" => (m.ValMse, m.ValMae, m.ValR2),
        _ => (m.TestMse, m.TestMae, m.TestR2),
    };
}
