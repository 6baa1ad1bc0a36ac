using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Ablation.Contracts.Specs;

namespace Ablation.Tests.Dashboard;

/// <summary>Schedules, early stopping, augmentation and the optimizers as grid axes, and how early-stopped runs read.</summary>
[Collection(TorchCollection.Name)]
public sealed class TrainingControlAxesTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public TrainingControlAxesTests() => ToyData.Write(_root.Path);

    public void Dispose() => _root.Dispose();

    private static JsonObject Base(double validationFraction = 0.2) => JsonNode.Parse($$"""
        { "data": { "dataset": "toy", "validation_fraction": {{validationFraction}} }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 2 }
        """)!.AsObject();

    [Fact]
    public void Editor_OffersScheduleEarlyStoppingAugmentationAndEveryOptimizerSetting()
    {
        var form = DemoStudy.Blank();
        form.Name = "controls";
        form.Axes =
        [
            new AxisRow { Path = "schedule.name", Values = "none, step, cosine, exponential, plateau" },
            new AxisRow { Path = "early_stopping.enabled", Values = "off, on" },
            new AxisRow { Path = "data.augment", Values = "none, crop+flip, crop+flip+rotate" },
            new AxisRow { Path = "optimizer.name", Values = "sgd, adam, adamw, rmsprop, adagrad" },
            new AxisRow { Path = "optimizer.nesterov", Values = "off, on" },
            new AxisRow { Path = "schedule.warmup_epochs", Values = "0, 0.5" },
        ];

        var axes = form.ToSpec().Axes;

        Assert.Equal(Vocabulary.Schedules, axes[0].Values.Select(v => v!.GetValue<string>()));
        Assert.Equal([false, true], axes[1].Values.Select(v => v!.GetValue<bool>()));
        Assert.Equal(["none", "crop+flip", "crop+flip+rotate"], axes[2].Values.Select(v => v!.GetValue<string>()));
        Assert.Equal(Vocabulary.Optimizers, axes[3].Values.Select(v => v!.GetValue<string>()));
        Assert.NotNull(AxisCatalog.ByPath("optimizer.momentum"));
        Assert.NotNull(AxisCatalog.ByPath("optimizer.weight_decay"));
        Assert.Equal("none, crop+flip, crop+flip+rotate", AxisCatalog.ByPath("data.augment")!.Format(axes[2].Values));
    }

    [Fact]
    public void AugmentAxis_RefusesAValueItCannotRead()
    {
        var e = Assert.Throws<StudyException>(() => AxisCatalog.ByPath("data.augment")!.Parse("crop+flip, crop+mirror"));

        Assert.Contains("axis augment", e.Message);
        Assert.Contains("'crop+mirror' is not an augmentation (unknown part 'mirror'", e.Message);
    }

    [Fact]
    public void Grid_WritesTheAxisValuesIntoEachCellsSpec()
    {
        var study = new StudySpec
        {
            Name = "s", Base = Base(),
            Axes =
            [
                new Axis("schedule", "schedule.name", [JsonValue.Create("none"), JsonValue.Create("cosine")]),
                new Axis("augment", "data.augment", [JsonValue.Create("none"), JsonValue.Create("crop+flip")]),
                new Axis("early_stop", "early_stopping.enabled", [JsonValue.Create(true)]),
            ],
        };

        var cells = GridExpander.Cells(study);

        Assert.Equal(4, cells.Count);
        Assert.Equal("schedule=cosine, augment=crop+flip, early_stop=on", cells[3].Label);
        var spec = SpecReader.Parse(cells[3].Spec.ToJsonString());
        Assert.Equal(("cosine", "crop+flip", true), (spec.Schedule.Name, spec.Data.Augment, spec.EarlyStopping.Enabled));
    }

    [Fact]
    public void Preview_AttributesScheduleAndEarlyStoppingProblemsToTheirAxisValues()
    {
        var study = new StudySpec
        {
            Name = "s", Base = Base(validationFraction: 0),
            Axes =
            [
                new Axis("schedule", "schedule.name", [JsonValue.Create("cosine"), JsonValue.Create("plateau")]),
                new Axis("early_stop", "early_stopping.enabled", [JsonValue.Create(false), JsonValue.Create(true)]),
            ],
        };

        var preview = new StudyValidator(_root.Path).Preview(study);

        Assert.True(preview.Cells[0].IsValid);
        Assert.Equal(("early_stop", "on"), Problem(preview.Cells[1]));
        Assert.Equal(("schedule", "plateau"), Problem(preview.Cells[2]));
        Assert.Equal(2, preview.Cells[3].Problems.Count);
        Assert.Contains("no validation split", preview.Cells[2].Problems[0].Message);

        static (string?, string?) Problem(CellPreview cell)
        {
            var problem = Assert.Single(cell.Problems);
            return (problem.Axis, problem.AxisValue);
        }
    }

    [Fact]
    public void Preview_AttributesABadAugmentationToItsAxisValue()
    {
        var study = new StudySpec
        {
            Name = "s", Base = Base(),
            Axes = [new Axis("augment", "data.augment", [JsonValue.Create("crop+flip"), JsonValue.Create("rotate:500")])],
        };

        var preview = new StudyValidator(_root.Path).Preview(study);

        Assert.True(preview.Cells[0].IsValid);
        var problem = Assert.Single(preview.Cells[1].Problems);
        Assert.Equal(("augment", "rotate:500", "data.augment"), (problem.Axis, problem.AxisValue, problem.Field));
    }

    [Theory]
    [InlineData(RunStatus.Succeeded, 3, 10, """{"stopped_early":1,"best_val_epoch":1}""", "3 / 10 (stopped early, best epoch 1)")]
    [InlineData(RunStatus.Succeeded, 3, 10, null, "3 / 10 (stopped early)")]
    [InlineData(RunStatus.Succeeded, 10, 10, """{"stopped_early":0,"best_val_epoch":4}""", "10 / 10")]
    [InlineData(RunStatus.Running, 3, 10, null, "3 / 10")]
    [InlineData(RunStatus.Failed, 3, 10, null, "3 / 10")]
    [InlineData(RunStatus.Diverged, 3, 10, """{"stopped_early":0}""", "3 / 10")]
    public void EpochProgress_SaysWhenEarlyStoppingEndedARun(RunStatus status, int done, int epochs, string? final, string expected)
    {
        var run = new Run { Label = "x", CellJson = "{}", SpecJson = "{}", Status = status, EpochsDone = done, Epochs = epochs, FinalMetricsJson = final };

        Assert.Equal(expected, EpochProgress.Describe(run));
    }
}
