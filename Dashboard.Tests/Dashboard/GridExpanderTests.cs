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

    // Ten whole-number fields of the run spec, one per axis.
    private static readonly string[] _wholeNumberPaths =
        ["batch_size", "epochs", "seed", "log_every", "model.kernel_size", "model.depth", "model.stride", "model.pool_kernel", "data.subset", "data.test_subset"];

    [Theory]
    [InlineData(5, 10, 1, "100,000")]
    [InlineData(3, 100, 1, "1,000,000")]
    [InlineData(2, 100, 100, "1,000,000")]
    [InlineData(10, 10, 1, "10,000,000,000")]
    [InlineData(10, 100, 100, "10,000,000,000,000,000,000,000")]
    public void Runs_AGridPastTheLimit_IsRefusedWithItsTrueRunCount_WithoutBuildingIt(int axes, int valuesPerAxis, int repeats, string count)
    {
        var values = Enumerable.Range(0, valuesPerAxis).Select(i => (JsonNode?)JsonValue.Create(i + 1)).ToList();
        var study = new StudySpec
        {
            Name = "huge", Base = Base(), Repeats = repeats,
            Axes = [.. _wholeNumberPaths.Take(axes).Select(path => new Axis(path, path, values))],
        };

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<StudyException>(() => GridExpander.Runs(study));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal($"axes: this grid has {count} runs; the limit is 2,000 (fewer values per axis, fewer repeats, or one factor at a time)", e.Message);
        Assert.Equal(System.Numerics.BigInteger.Parse(count.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), GridExpander.CountRuns(study));
        Assert.True(allocated < 1 << 20, $"refusing took {allocated:N0} bytes: cells were built"); // one cell alone is a deep copy of the spec
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

    [Fact]
    public void Runs_RefuseABaseSeedWithoutRoomForItsRepeats_AndTakeTheLastOneThatFits()
    {
        var spec = Base();
        spec["seed"] = int.MaxValue - 2;
        var fits = new StudySpec { Name = "s", Base = spec, Repeats = 3 };
        var past = new StudySpec { Name = "s", Base = (JsonObject)spec.DeepClone(), Repeats = 4 };

        Assert.Equal(int.MaxValue, GridExpander.Runs(fits)[^1].Seed);
        Assert.Equal("seed: 2147483645 leaves no room for 4 consecutive seeds (at most 2,147,483,644)", Assert.Throws<StudyException>(() => GridExpander.Runs(past)).Message);
    }
}
