using Ablation.Contracts.Specs;

namespace Ablation.Tests.Training;

public sealed class TrainingControlSpecTests
{
    private static string Spec(string extra, string data = "") => $$"""
        {
          "data": { "dataset": "fashion-mnist"{{data}} },
          "model": { "family": "mlp" },
          "epochs": 4{{extra}}
        }
        """;

    [Fact]
    public void Defaults_AreNoScheduleNoEarlyStoppingNoAugmentation()
    {
        var spec = SpecReader.Parse(Spec(""));

        Assert.Equal("none", spec.Schedule.Name);
        Assert.False(spec.EarlyStopping.Enabled);
        Assert.Equal("none", spec.Data.Augment);
        Assert.True(Augmentation.Parse(spec.Data.Augment).IsNone);
    }

    [Fact]
    public void ScheduleEarlyStoppingAndAugment_AreRead()
    {
        var spec = SpecReader.Parse(Spec("""
            , "schedule": { "name": "plateau", "factor": 0.5, "patience": 2, "metric": "val_accuracy", "warmup_epochs": 0.5 },
              "early_stopping": { "enabled": true, "metric": "val_loss", "patience": 3, "min_delta": 0.001 }
            """, """, "augment": "crop:2+flip+rotate:10" """));

        Assert.Equal(("plateau", 0.5, 2, "val_accuracy", 0.5), (spec.Schedule.Name, spec.Schedule.Factor, spec.Schedule.Patience, spec.Schedule.Metric, spec.Schedule.WarmupEpochs));
        Assert.Equal((true, 3, 0.001), (spec.EarlyStopping.Enabled, spec.EarlyStopping.Patience, spec.EarlyStopping.MinDelta));
        Assert.Equal(new Augmentation(2, true, 10, 0), Augmentation.Parse(spec.Data.Augment));
    }

    [Theory]
    [InlineData("crop", 4, false, 0, 0)]
    [InlineData("crop+flip", 4, true, 0, 0)]
    [InlineData(" flip + crop:1 ", 1, true, 0, 0)]
    [InlineData("crop+flip+rotate", 4, true, 15, 0)]
    [InlineData("translate:0.2+rotate:5", 0, false, 5, 0.2)]
    [InlineData("none", 0, false, 0, 0)]
    public void CompactForm_IsParsedWithDefaults(string text, int crop, bool flip, double rotate, double translate)
    {
        Assert.True(Augmentation.TryParse(text, out var a, out var error), error);
        Assert.Equal(new Augmentation(crop, flip, rotate, translate), a);
    }

    [Theory]
    [InlineData(", \"schedule\": { \"name\": \"linear\" }", "", "schedule.name: unknown value 'linear'")]
    [InlineData(", \"schedule\": { \"name\": \"plateau\", \"factor\": 1.5 }", "", "schedule.factor: 1.5 is out of range (0, 1)")]
    [InlineData(", \"schedule\": { \"name\": \"plateau\", \"metric\": \"train_loss\" }", "", "schedule.metric: unknown value 'train_loss'")]
    [InlineData(", \"schedule\": { \"name\": \"step\", \"step_size\": 0 }", "", "schedule.step_size: 0 must be at least 1")]
    [InlineData(", \"schedule\": { \"name\": \"exponential\", \"gamma\": 0 }", "", "schedule.gamma: 0 is out of range (0, 1]")]
    [InlineData(", \"schedule\": { \"warmup_epochs\": 5 }", "", "schedule.warmup_epochs: 5 is out of range [0, 4]")]
    [InlineData(", \"schedule\": { \"name\": \"cosine\", \"min_lr\": -1 }", "", "schedule.min_lr: -1 must not be negative")]
    [InlineData(", \"schedule\": { \"nam\": \"step\" }", "", "unknown field 'nam'")]
    [InlineData(", \"early_stopping\": { \"enabled\": true, \"patience\": 0 }", "", "early_stopping.patience: 0 must be at least 1")]
    [InlineData(", \"early_stopping\": { \"enabled\": true, \"metric\": \"test_accuracy\" }", "", "early_stopping.metric: unknown value 'test_accuracy'")]
    [InlineData("", ", \"augment\": \"crop+flipp\"", "data.augment: unknown part 'flipp'")]
    [InlineData("", ", \"augment\": \"crop:0\"", "data.augment: crop padding 0 is out of range [1, 64]")]
    [InlineData("", ", \"augment\": \"crop:2.5\"", "data.augment: crop padding '2.5' is not a whole number")]
    [InlineData("", ", \"augment\": \"flip+flip\"", "data.augment: 'flip' appears more than once")]
    [InlineData("", ", \"augment\": \"rotate:200\"", "data.augment: rotate degrees 200 is out of range [0.001, 180]")]
    [InlineData("", ", \"augment\": \"flip:1\"", "data.augment: flip takes no value")]
    public void BadValues_AreRefusedNamingTheField(string extra, string data, string expected)
    {
        var e = Assert.Throws<SpecException>(() => SpecReader.Parse(Spec(extra, data)));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AugmentationOnTabularData_IsRefusedClearly()
    {
        var spec = SpecReader.Parse(Spec("", ", \"augment\": \"crop+flip\""));

        var e = Assert.Throws<SpecException>(() => TrainingControlRules.ThrowIfUnfit(spec, inputIsImage: false, "boston", validationSize: 50));

        Assert.Equal("data.augment", Assert.Single(e.Problems).Field);
        Assert.Contains("'crop+flip' applies to images, but boston is tabular", e.Message);
        TrainingControlRules.ThrowIfUnfit(spec, inputIsImage: true, "cifar-10", validationSize: 50);
        TrainingControlRules.ThrowIfUnfit(SpecReader.Parse(Spec("")), inputIsImage: false, "boston", validationSize: 50);
    }

    [Fact]
    public void PlateauAndEarlyStopping_WithoutAValidationSplit_AreRefused()
    {
        var spec = SpecReader.Parse(Spec("""
            , "schedule": { "name": "plateau" }, "early_stopping": { "enabled": true }
            """));

        var e = Assert.Throws<SpecException>(() => TrainingControlRules.ThrowIfUnfit(spec, inputIsImage: true, "toy", validationSize: 0));

        Assert.Equal(["schedule.name", "early_stopping.enabled"], e.Problems.Select(p => p.Field));
        Assert.Contains("no validation split", e.Message);
        TrainingControlRules.ThrowIfUnfit(spec, inputIsImage: true, "toy", validationSize: null);
    }
}
