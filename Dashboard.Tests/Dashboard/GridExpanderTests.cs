using System.Text.Json.Nodes;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Tests.Dashboard;

public sealed class GridExpanderTests
{
    private static JsonObject Base() => JsonNode.Parse("""
        {
          "data": { "dataset": "toy", "subset": 200 },
          "model": { "family": "cnn", "conv_channels": [4, 8], "batch_norm": true, "dropout": 0 },
          "optimizer": { "name": "adam", "lr": 0.01 },
          "epochs": 2, "seed": 7
        }
        """)!.AsObject();

    private static Axis Bn => new("bn", "model.batch_norm", [JsonValue.Create(true), JsonValue.Create(false)]);
    private static Axis Dropout => new("dropout", "model.dropout", [JsonValue.Create(0.0), JsonValue.Create(0.25), JsonValue.Create(0.5)]);

    [Fact]
    public void Expand_FullGrid_IsTheCartesianProductWithReadableLabels()
    {
        var study = new StudySpec { Name = "s", Base = Base(), Axes = [Bn, Dropout] };

        var cells = GridExpander.Cells(study);

        Assert.Equal(6, cells.Count);
        Assert.Equal("bn=on, dropout=0", cells[0].Label);
        Assert.Equal("bn=off, dropout=0.25", cells[4].Label);
        Assert.False(cells[4].Spec["model"]!["batch_norm"]!.GetValue<bool>());
        Assert.Equal(0.25, cells[4].Spec["model"]!["dropout"]!.GetValue<double>());
        Assert.True(Base()["model"]!["batch_norm"]!.GetValue<bool>()); // the base is never modified
    }

    [Fact]
    public void Expand_OneFactorAtATime_KeepsBaselineAndVariesOneAxisEach()
    {
        var study = new StudySpec { Name = "s", Base = Base(), Axes = [Bn, Dropout], Mode = GridMode.OneFactorAtATime };

        var cells = GridExpander.Cells(study);

        // baseline + bn=off + dropout 0.25 and 0.5 (the baseline's own values are not repeated)
        Assert.Equal(["baseline", "bn=off", "dropout=0.25", "dropout=0.5"], cells.Select(c => c.Label));
        Assert.True(cells[2].Spec["model"]!["batch_norm"]!.GetValue<bool>());
        Assert.Equal(4, GridExpander.CountRuns(study));
    }

    [Fact]
    public void Expand_Variants_AppliesEachNamedSetOfOverrides()
    {
        var study = new StudySpec
        {
            Name = "s", Base = Base(), Mode = GridMode.Variants,
            Variants =
            [
                new Variant("baseline", new Dictionary<string, JsonNode?>()),
                new Variant("+dropout", new Dictionary<string, JsonNode?> { ["model.dropout"] = 0.3 }),
                new Variant("+all", new Dictionary<string, JsonNode?> { ["model.dropout"] = 0.3, ["optimizer.weight_decay"] = 1e-4 }),
            ],
        };

        var cells = GridExpander.Cells(study);

        Assert.Equal(["baseline", "+dropout", "+all"], cells.Select(c => c.Label));
        Assert.Equal(1e-4, cells[2].Spec["optimizer"]!["weight_decay"]!.GetValue<double>());
    }

    [Fact]
    public void Runs_RepeatsEveryCellWithConsecutiveSeeds()
    {
        var study = new StudySpec { Name = "s", Base = Base(), Axes = [Bn], Repeats = 3 };

        var runs = GridExpander.Runs(study);

        Assert.Equal(6, runs.Count);
        Assert.Equal([7, 8, 9, 7, 8, 9], runs.Select(r => r.Seed));
        Assert.Equal([7, 8, 9, 7, 8, 9], runs.Select(r => r.Spec["seed"]!.GetValue<int>()));
    }

    [Fact]
    public void Runs_AMillionCellGrid_IsRefusedWithoutBuildingIt()
    {
        var values = Enumerable.Range(0, 1000).Select(i => (JsonNode?)JsonValue.Create(i + 1)).ToList();
        var study = new StudySpec
        {
            Name = "huge", Base = Base(),
            Axes = [new Axis("batch", "batch_size", values), new Axis("epochs", "epochs", values)],
        };

        var e = Assert.Throws<StudyException>(() => GridExpander.Runs(study));

        Assert.Contains("limit is 2,000", e.Message);
    }

    [Theory]
    [InlineData("model.dropuot", "is not a run-spec field")]
    [InlineData("model", "is not a run-spec field")]
    public void AxisOnAnUnknownField_IsRefused(string path, string expected)
    {
        var study = new StudySpec { Name = "s", Base = Base(), Axes = [new Axis("x", path, [JsonValue.Create(1)])] };

        var e = Assert.Throws<StudyException>(() => GridExpander.Cells(study));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void BlockOrderAxis_LabelsEachOrderWithArrows()
    {
        var orders = new Axis("order", "model.block_order",
            [JsonNode.Parse("""["conv","bn","act","pool"]"""), JsonNode.Parse("""["pool","conv","bn","act"]""")]);
        var study = new StudySpec { Name = "s", Base = Base(), Axes = [orders] };

        Assert.Equal(["order=conv→bn→act→pool", "order=pool→conv→bn→act"], GridExpander.Cells(study).Select(c => c.Label));
    }
}
