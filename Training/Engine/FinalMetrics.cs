namespace Ablation.Training.Engine;

/// <summary>
/// The numbers reported at the end of a run, both at the last epoch and at the epoch with the best
/// validation accuracy (whose test metrics were measured then, so no reload is needed).
/// </summary>
public static class FinalMetrics
{
    public static Dictionary<string, double?> From(IReadOnlyList<EpochMetrics> history, long parameters, double seconds)
    {
        var metrics = new Dictionary<string, double?>
        {
            ["parameters"] = parameters,
            ["epochs_completed"] = history.Count,
            ["seconds"] = Math.Round(seconds, 3),
        };
        if (history.Count == 0)
        {
            return metrics;
        }

        var last = history[^1];
        metrics["train_loss"] = last.TrainLoss;
        metrics["train_accuracy"] = last.TrainAccuracy;
        metrics["val_loss"] = last.ValLoss;
        metrics["val_accuracy"] = last.ValAccuracy;
        metrics["test_loss"] = last.TestLoss;
        metrics["test_accuracy"] = last.TestAccuracy;
        metrics["mean_epoch_seconds"] = history.Average(h => h.EpochSeconds);
        metrics["mean_train_seconds"] = history.Average(h => h.TrainSeconds);

        if (BestValidation.Pick(history) is { } best)
        {
            metrics["best_val_accuracy"] = best.ValAccuracy;
            metrics["best_val_loss"] = best.ValLoss;
            metrics["best_val_epoch"] = best.Epoch;
            metrics["test_accuracy_at_best_val"] = best.TestAccuracy;
            metrics["test_loss_at_best_val"] = best.TestLoss;
        }
        else
        {
            metrics["best_val_accuracy"] = null;
        }

        RegressionFinalMetrics.AddTo(metrics, history);
        return metrics;
    }
}
