using Ablation.Contracts.Metrics;
using Ablation.Contracts.Specs;
using Ablation.Training.Engine;
using Ablation.Training.Engine.Schedules;

namespace Ablation.Tests.Training.Schedules;

// The expected values below were computed with Debian's PyTorch 1.13 (/usr/bin/python3): an SGD
// optimizer with lr 0.1 on one parameter, the scheduler named in each test, reading
// optimizer.param_groups[0]['lr'] before each of 10 (or 12) epochs and calling scheduler.step()
// (with the listed metric for ReduceLROnPlateau) after each.
public sealed class LrScheduleTests
{
    private static double[] Lrs(LrSchedule schedule, int epochs, double[]? metrics = null, bool loss = true)
    {
        var lrs = new double[epochs];
        for (var e = 1; e <= epochs; e++)
        {
            lrs[e - 1] = schedule.EpochLr(e);
            schedule.EndEpoch(Metrics(e, metrics is null ? double.NaN : metrics[e - 1], loss));
        }

        return lrs;
    }

    private static EpochMetrics Metrics(int epoch, double value, bool loss) => new()
    {
        Epoch = epoch,
        Train = SplitScores.Of((Metric.Loss, 1), (Metric.Accuracy, 0.5)),
        Validation = SplitScores.Of((Metric.Loss, loss ? value : 1), (Metric.Accuracy, loss ? 0.5 : value)),
        Test = SplitScores.Of((Metric.Loss, 1), (Metric.Accuracy, 0.5)),
        Lr = 0, TrainSeconds = 1, EpochSeconds = 1, SamplesPerSecond = 1,
    };

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Abs(expected[i]), $"epoch {i + 1}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [Fact]
    public void Step_MatchesPyTorchStepLR()
    {
        // StepLR(step_size=3, gamma=0.5)
        double[] torch = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125];

        Assert.Equal(torch, Lrs(new StepSchedule(0.1, 3, 0.5), 10));
    }

    [Fact]
    public void Exponential_MatchesPyTorchExponentialLR()
    {
        // ExponentialLR(gamma=0.9); PyTorch multiplies step by step, we use the closed form: equal to rounding.
        double[] torch = [0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002, 0.05904900000000002,
            0.05314410000000002, 0.04782969000000002, 0.043046721000000024, 0.03874204890000002];

        AssertClose(torch, Lrs(new ExponentialSchedule(0.1, 0.9), 10));
    }

    [Fact]
    public void Cosine_MatchesPyTorchCosineAnnealingLR()
    {
        // CosineAnnealingLR(T_max=10, eta_min=0.001)
        double[] torch = [0.1, 0.09757729755661011, 0.0905463412215599, 0.07959536998847742, 0.0657963412215599, 0.0505,
            0.03520365877844011, 0.02140463001152259, 0.010453658778440109, 0.0034227024433899004];

        AssertClose(torch, Lrs(new CosineSchedule(0.1, 0.001, 10), 10));
    }

    [Fact]
    public void Plateau_OnLoss_MatchesPyTorchReduceLROnPlateau()
    {
        // ReduceLROnPlateau(mode='min', factor=0.5, patience=1, threshold=1e-4, min_lr=0.02)
        double[] loss = [1.0, 0.9, 0.9, 0.9, 0.95, 0.89, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96];
        double[] torch = [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02];

        Assert.Equal(torch, Lrs(new PlateauSchedule(0.1, MonitoredMetric.For("val_loss"), 0.5, 1, 1e-4, 0, 0.02), 12, loss));
    }

    [Fact]
    public void Plateau_OnAccuracyWithCooldown_MatchesPyTorchReduceLROnPlateau()
    {
        // ReduceLROnPlateau(mode='max', factor=0.1, patience=1, threshold=0.01, cooldown=2)
        double[] accuracy = [0.5, 0.6, 0.6, 0.6, 0.61, 0.7, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69];
        double[] torch = [0.1, 0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002,
            0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002];

        Assert.Equal(torch, Lrs(new PlateauSchedule(0.1, MonitoredMetric.For("val_accuracy"), 0.1, 1, 0.01, 2, 0), 12, accuracy, loss: false));
    }

    [Fact]
    public void Plateau_RestoredState_ContinuesLikeTheOriginal()
    {
        double[] loss = [1.0, 0.9, 0.9, 0.9, 0.95, 0.89, 0.91, 0.92, 0.93, 0.94];
        var original = new PlateauSchedule(0.1, MonitoredMetric.For("val_loss"), 0.5, 1, 1e-4, 1, 0);
        var expected = Lrs(original, 10, loss);

        var first = new PlateauSchedule(0.1, MonitoredMetric.For("val_loss"), 0.5, 1, 1e-4, 1, 0);
        for (var e = 1; e <= 4; e++)
        {
            first.EndEpoch(Metrics(e, loss[e - 1], loss: true));
        }

        var resumed = new PlateauSchedule(0.1, MonitoredMetric.For("val_loss"), 0.5, 1, 1e-4, 1, 0);
        resumed.Restore(first.State);
        var rest = new List<double>();
        for (var e = 5; e <= 10; e++)
        {
            rest.Add(resumed.EpochLr(e));
            resumed.EndEpoch(Metrics(e, loss[e - 1], loss: true));
        }

        Assert.Equal(expected[4..], rest);
    }

    [Fact]
    public void WarmUp_RisesLinearlyPerStepThenFollowsTheSchedule()
    {
        // 1.5 warm-up epochs of 4 steps: 6 steps at 1/6, 2/6, … of the scheduled rate.
        var spec = new RunSpec { Epochs = 4, Optimizer = new OptimizerSpec { Lr = 0.6 }, Schedule = new ScheduleSpec { Name = "step", StepSize = 1, Gamma = 0.5, WarmupEpochs = 1.5 } };
        var plan = LearningRatePlan.For(spec, stepsPerEpoch: 4);

        Assert.Equal(6, plan.WarmupSteps);
        Assert.Equal(0.6 * 1 / 6, plan.LrAt(1, 0), 15);
        Assert.Equal(0.6 * 4 / 6, plan.LrAt(1, 3), 15);
        Assert.Equal(0.3 * 5 / 6, plan.LrAt(2, 4), 15); // epoch 2: StepLR has halved the rate
        Assert.Equal(0.3, plan.LrAt(2, 5), 15);
        Assert.Equal(0.3, plan.LrAt(2, 7), 15);
        Assert.Equal(0.15, plan.LrAt(3, 8), 15);
    }

    [Theory]
    [InlineData("none", 10, 0.1)]
    [InlineData("step", 10, 0.0001)] // step_size defaults to epochs / 3 = 3, gamma to 0.1: epoch 10 comes after 3 decays
    [InlineData("exponential", 3, 0.1 * 0.95 * 0.95)]
    [InlineData("cosine", 6, 0.05)] // halfway through T_max = 10 epochs
    public void Defaults_FollowTheDocumentedParameters(string name, int epoch, double expected)
    {
        var schedule = LrSchedule.For(new ScheduleSpec { Name = name }, 0.1, epochs: 10);

        Assert.Equal(expected, schedule.EpochLr(epoch), 12);
    }
}
