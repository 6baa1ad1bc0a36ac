using System.Text.Json.Nodes;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Data;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard;

[Collection(TorchCollection.Name)]
public sealed class StudyValidatorTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public StudyValidatorTests() => ToyData.Write(_root.Path);

    public void Dispose() => _root.Dispose();

    private static JsonObject Base() => JsonNode.Parse("""
        { "data": { "dataset": "toy" }, "model": { "family": "cnn", "conv_channels": [4, 8] }, "epochs": 1 }
        """)!.AsObject();

    [Fact]
    public void Preview_PutsEachErrorNextToTheAxisValueThatCausedIt()
    {
        var study = new StudySpec
        {
            Name = "s", Base = Base(),
            Axes = [new Axis("dropout", "model.dropout", [JsonValue.Create(0.0), JsonValue.Create(1.5)])],
        };

        var preview = new StudyValidator(_root.Path).Preview(study);

        Assert.False(preview.IsValid);
        Assert.True(preview.Cells[0].IsValid);
        var problem = Assert.Single(preview.Cells[1].Problems);
        Assert.Equal(("dropout", "1.5"), (problem.Axis, problem.AxisValue));
        Assert.Contains("out of range", problem.Message);
    }

    [Fact]
    public void Preview_RefusesAnArchitectureThatShrinksBelowOnePixel_AndCountsParametersOfTheRest()
    {
        var study = new StudySpec
        {
            Name = "s", Base = Base(),
            Axes = [new Axis("channels", "model.conv_channels", [JsonNode.Parse("[4, 8]"), JsonNode.Parse("[4, 8, 8, 8, 8]")])],
        };

        var preview = new StudyValidator(_root.Path).Preview(study);

        // 12×12 → conv 4 → pool 6 → conv 8 → pool 3 → 72 → linear 4.
        Assert.Equal(40 + 296 + 292, preview.Cells[0].Parameters);
        var problem = Assert.Single(preview.Cells[1].Problems);
        Assert.Equal("channels", problem.Axis);
        Assert.Contains("below 1×1", problem.Message);
    }

    [Fact]
    public void Preview_MissingDataSet_IsAProblemOfTheCell()
    {
        var spec = Base();
        spec["data"]!["dataset"] = "mnist";

        var preview = new StudyValidator(_root.Path).Preview(new StudySpec { Name = "s", Base = spec });

        Assert.Contains("no IDX files", Assert.Single(preview.Cells[0].Problems).Message);
    }

    [Fact]
    public void Preview_PlansImageSetsAtTheSpecsImageSize_WithoutLoadingThem()
    {
        ImageTestFiles.WriteCifar10(Path.Combine(_root.Path, "cifar-10-batches-bin"));
        var spec = JsonNode.Parse("""
            { "data": { "dataset": "cifar-10" }, "model": { "family": "mlp", "hidden_sizes": [] }, "epochs": 1 }
            """)!.AsObject();
        var study = new StudySpec
        {
            Name = "s", Base = spec,
            Axes = [new Axis("size", "data.image_size", [JsonValue.Create(32), JsonValue.Create(8)])],
        };

        var preview = new StudyValidator(_root.Path).Preview(study);

        // A linear layer from C×H×W inputs to the 10 CIFAR classes (the tiny files hold only 9 labels).
        Assert.Equal((3 * 32 * 32 * 10) + 10, preview.Cells[0].Parameters);
        Assert.Equal((3 * 8 * 8 * 10) + 10, preview.Cells[1].Parameters);
    }

    [Fact]
    public void Preview_NumbersThatAreNotFinite_AreProblemsOfTheirFieldOrAxisValue()
    {
        // As the editor's baseline JSON and the API leave them: parsed text, 1e400 as written.
        var spec = Base();
        spec["optimizer"] = JsonNode.Parse("""{ "lr": 1e400 }""");
        var study = new StudySpec
        {
            Name = "s", Base = spec,
            Axes = [new Axis("dropout", "model.dropout", [JsonValue.Create(0.0), JsonNode.Parse("1e400")])],
        };

        var preview = new StudyValidator(_root.Path).Preview(study);

        Assert.All(preview.Cells, c => Assert.Contains(c.Problems, p => p.Axis is null && p.Field == "optimizer.lr" && p.Message == "1e400 is not a finite number"));
        var axisProblem = Assert.Single(preview.Cells[1].Problems, p => p.Axis is not null);
        Assert.Equal(("dropout", "1e400", "model.dropout"), (axisProblem.Axis, axisProblem.AxisValue, axisProblem.Field));
        Assert.Contains("not a finite number", axisProblem.Message, StringComparison.Ordinal);
    }
}
