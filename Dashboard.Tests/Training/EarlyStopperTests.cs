using Ablation.Contracts.Metrics;
using Ablation.Training.Engine;
using Ablation.Training.Engine.Schedules;

namespace Ablation.Tests.Training;

public sealed class EarlyStopperTests
{
    private static EpochMetrics Epoch(int epoch, double valLoss, double valAccuracy = 0.5) => new()
    {
        Epoch = epoch,
        Train = SplitScores.Of((Metric.Loss, 1), (Metric.Accuracy, 0.5)),
        Validation = SplitScores.Of((Metric.Loss, valLoss), (Metric.Accuracy, valAccuracy)),
        Test = SplitScores.Of((Metric.Loss, 1), (Metric.Accuracy, 0.5)),
        Lr = 0.1, TrainSeconds = 1, EpochSeconds = 1, SamplesPerSecond = 1,
    };

    [Fact]
    public void StopsAfterPatienceEpochsWithoutAnImprovementBeyondMinDelta()
    {
        var stopper = new EarlyStopper(MonitoredMetric.For("val_loss"), patience: 2, minDelta: 0.01);
        double[] losses = [1.0, 0.8, 0.795, 0.79, 0.7];
        var stops = new List<bool>();
        var bestEpochs = new List<int>();
        for (var e = 1; e <= losses.Length; e++)
        {
            stopper.EndEpoch(Epoch(e, losses[e - 1]));
            stops.Add(stopper.ShouldStop);
            bestEpochs.Add(stopper.State.BestEpoch);
        }

        // 0.795 and 0.79 are within min_delta of 0.8: two bad epochs after epoch 2 stop the run at epoch 4.
        Assert.Equal([false, false, false, true, false], stops);
        Assert.Equal([1, 2, 2, 2, 5], bestEpochs);
        Assert.Equal(0.7, stopper.Best);
    }

    [Fact]
    public void OnAccuracy_HigherIsBetter()
    {
        var stopper = new EarlyStopper(MonitoredMetric.For("val_accuracy"), patience: 1, minDelta: 0);
        stopper.EndEpoch(Epoch(1, 1, valAccuracy: 0.5));
        stopper.EndEpoch(Epoch(2, 1, valAccuracy: 0.6));
        Assert.False(stopper.ShouldStop);

        stopper.EndEpoch(Epoch(3, 1, valAccuracy: 0.6));
        Assert.True(stopper.ShouldStop);
        Assert.Equal(2, stopper.BestEpoch);
    }

    [Fact]
    public void NaNMetric_IsNeverAnImprovement()
    {
        var stopper = new EarlyStopper(MonitoredMetric.For("val_loss"), patience: 1, minDelta: 0);
        stopper.EndEpoch(Epoch(1, double.NaN));

        Assert.True(stopper.ShouldStop);
    }

    [Fact]
    public void BestValidation_PicksHighestAccuracyEarliestOnTies_OrLowestLossWithoutAccuracy()
    {
        var history = new[] { Epoch(1, 0.9, 0.7), Epoch(2, 0.5, 0.8), Epoch(3, 0.4, 0.8) };
        Assert.Equal(2, BestValidation.Pick(history)!.Epoch);
        Assert.Equal(Metric.Accuracy, BestValidation.MetricOf(history));

        var regression = history.Select(h => h with { Validation = h.Validation!.With((Metric.Accuracy, null)) }).ToArray();
        Assert.Equal(3, BestValidation.Pick(regression)!.Epoch);
        Assert.Equal(Metric.Loss, BestValidation.MetricOf(regression));

        Assert.Null(BestValidation.Pick(history.Select(h => h with { Validation = null }).ToArray()));
    }
}
