using System.Text.Json.Nodes;
using Ablation.Dashboard.Services.Live;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Tests.Dashboard;

public sealed class StudyFormTests
{
    [Fact]
    public void ToSpec_ParsesEveryAxisKind()
    {
        var form = DemoStudy.Blank();
        form.Name = "kinds";
        form.Axes =
        [
            new AxisRow { Path = "model.batch_norm", Values = "on, off" },
            new AxisRow { Path = "model.dropout", Values = "0, 0.25" },
            new AxisRow { Path = "model.block_order", Values = "conv bn act pool | pool → conv → act" },
            new AxisRow { Path = "model.conv_channels", Values = "16 | 16 32" },
            new AxisRow { Path = "model.activation", Values = "relu, gelu" },
            new AxisRow { Path = "batch_size", Values = "32, 64" },
        ];

        var axes = form.ToSpec().Axes;

        Assert.Equal([true, false], axes[0].Values.Select(v => v!.GetValue<bool>()));
        Assert.Equal([0.0, 0.25], axes[1].Values.Select(v => v!.GetValue<double>()));
        Assert.Equal("""["pool","conv","act"]""", axes[2].Values[1]!.ToJsonString());
        Assert.Equal("[16,32]", axes[3].Values[1]!.ToJsonString());
        Assert.Equal(["relu", "gelu"], axes[4].Values.Select(v => v!.GetValue<string>()));
        Assert.Equal([32, 64], axes[5].Values.Select(v => v!.GetValue<int>()));
    }

    [Fact]
    public void LayerOrders_AreEveryArrangementOfTheBaselineBlock_BaselineFirst_EachAValidAxisValue()
    {
        var orders = AxisCatalog.LayerOrders(["conv", "bn", "act", "pool", "dropout"]);

        Assert.Equal(120, orders.Count); // 5!
        Assert.Equal(orders.Count, orders.Distinct().Count());
        Assert.Equal("conv bn act pool dropout", orders[0]);
        Assert.Contains("pool conv bn act dropout", orders);
        Assert.Equal(6, AxisCatalog.LayerOrders(["conv", "act", "pool"]).Count);

        var axis = AxisCatalog.ByPath("model.block_order")!;
        var values = axis.Parse(string.Join(" | ", orders));
        Assert.Equal(120, values.Count);
        Assert.Equal(["conv bn act", "act conv bn", "pool conv"], AxisCatalog.OrdersIn("conv  bn act | act → conv → bn |pool,conv| "));
    }

    [Fact]
    public void BaselineFields_ReadAndWriteTheSpec_AndAJsonThatDoesNotParseIsLeftAsTyped()
    {
        var form = DemoStudy.Blank();
        Assert.Equal("fashion-mnist", form.BaseValue("data.dataset")!.GetValue<string>());
        Assert.Equal(0.002, form.BaseValue("optimizer.lr")!.GetValue<double>());
        Assert.Null(form.BaseValue("schedule.name"));

        form.SetBaseValue("optimizer.lr", JsonValue.Create(0.01));
        form.SetBaseValue("schedule.name", JsonValue.Create("cosine")); // a section the spec did not have
        form.SetBaseValue("data.test_subset", null);                    // removed

        var spec = form.ToSpec().Base;
        Assert.Equal(0.01, spec["optimizer"]!["lr"]!.GetValue<double>());
        Assert.Equal("adam", spec["optimizer"]!["name"]!.GetValue<string>());
        Assert.Equal("cosine", spec["schedule"]!["name"]!.GetValue<string>());
        Assert.False(spec["data"]!.AsObject().ContainsKey("test_subset"));
        Assert.Equal(6000, spec["data"]!["subset"]!.GetValue<int>());
        Assert.Contains("\n  \"optimizer\": {", form.BaseJson, StringComparison.Ordinal); // written indented

        form.BaseJson = "{ \"epochs\": 3,";
        Assert.Null(form.BaseValue("epochs"));
        var e = Assert.Throws<StudyException>(() => form.SetBaseValue("epochs", JsonValue.Create(4)));
        Assert.Equal(StudyForm.BaseField, e.Field);
        Assert.Equal("{ \"epochs\": 3,", form.BaseJson);
    }

    [Theory]
    [InlineData("model.dropout", "0, lots", "'lots' is not a number")]
    [InlineData("model.batch_norm", "on, maybe", "'maybe' is not on or off")]
    [InlineData("model.activation", "relu, swish", "'swish' is not one of relu")]
    [InlineData("model.block_order", "conv bn relu", "'relu' is unknown")]
    [InlineData("batch_size", "32, 6.5", "'6.5' is not a whole number")]
    [InlineData("model.dropout", " , ", "needs at least one value")]
    public void ToSpec_NamesTheValueThatCannotBeRead(string path, string values, string expected)
    {
        var form = DemoStudy.Blank();
        form.Name = "bad";
        form.Axes = [new AxisRow { Path = path, Values = values }];

        var e = Assert.Throws<StudyException>(form.ToSpec);

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AddAxis_PicksTheNextAxisNotUsedYet()
    {
        var form = DemoStudy.Blank(); // starts with the BatchNorm axis

        var added = form.AddAxis();

        Assert.Equal("model.dropout", added.Path);
        Assert.Equal(["model.batch_norm", "model.dropout"], form.Axes.Select(a => a.Path));
    }

    [Fact]
    public void ToSpec_RefusesABaseSpecThatIsNotJson()
    {
        var form = DemoStudy.Blank();
        form.BaseJson = "{ \"data\": ";

        Assert.Contains("not valid JSON", Assert.Throws<StudyException>(form.ToSpec).Message);
    }

    [Theory]
    [InlineData("{ \"data\": ", "base spec: is not valid JSON at line 1, column ")]
    [InlineData("{ \"data\": x }", "base spec: is not valid JSON at line 1, column 11: ")]
    public void ToSpec_BaseSpecSyntaxErrors_SayWhereInWords_WithoutReaderInternals(string json, string expected)
    {
        var form = DemoStudy.Blank();
        form.BaseJson = json;

        var message = Assert.Throws<StudyException>(form.ToSpec).Message;

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePosition", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e309")]
    public void ToSpec_AnAxisValueThatIsNotFinite_IsRefusedBeneathItsAxis(string value)
    {
        var form = DemoStudy.Blank();
        form.Name = "inf";
        form.Axes = [new AxisRow { Path = "optimizer.lr", Values = $"0.1, {value}" }];

        var e = Assert.Throws<StudyException>(form.ToSpec);

        Assert.Equal("axis lr", e.Field);
        Assert.Equal($"axis lr: '{value}' is not a finite number", e.Message);
    }

    [Fact]
    public void FromSpec_AnAxisTheEditorHasNoRowFor_IsRefusedByName()
    {
        var spec = DemoStudy.Spec();
        spec.Axes = [new Axis("eps", "model.bn_eps", [JsonValue.Create(1e-5)])];

        var e = Assert.Throws<StudyException>(() => StudyForm.FromSpec(spec));

        Assert.Equal("axis eps", e.Field);
        Assert.Contains("model.bn_eps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSpec_AnOnOffAxisHoldingOtherValues_ShowsThemAsWritten_ForToSpecToName()
    {
        var spec = DemoStudy.Spec();
        spec.Axes = [new Axis("bn", "model.batch_norm", [JsonValue.Create(true), JsonValue.Create(7), JsonValue.Create("maybe")])];

        var form = StudyForm.FromSpec(spec);

        Assert.Equal("on, 7, \"maybe\"", form.Axes[0].Values);
        Assert.Contains("is not on or off", Assert.Throws<StudyException>(form.ToSpec).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetBaseValue_RefusesInfinity_AndLeavesTheSpecAsItWas()
    {
        var form = DemoStudy.Blank();
        var before = form.BaseJson;

        var e = Assert.Throws<StudyException>(() => form.SetBaseValue("optimizer.lr", JsonValue.Create(double.PositiveInfinity)));

        Assert.Equal("optimizer.lr", e.Field);
        Assert.Contains("not a finite number", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, form.BaseJson);
    }

    [Fact]
    public void Variants_ParseNamedOverridesIncludingListsAndBareWords()
    {
        var variants = StudyForm.ParseVariants("""
            baseline
            +norm: model.batch_norm=true
            +all: model.conv_channels=[32,64], model.activation=gelu, optimizer.lr=0.01
            """);

        Assert.Equal(["baseline", "+norm", "+all"], variants.Select(v => v.Name));
        Assert.Empty(variants[0].Set);
        Assert.Equal("[32,64]", variants[2].Set["model.conv_channels"]!.ToJsonString());
        Assert.Equal("gelu", variants[2].Set["model.activation"]!.GetValue<string>());
        Assert.Equal(0.01, variants[2].Set["optimizer.lr"]!.GetValue<double>());
    }

    [Fact]
    public void FromSpec_RoundTripsTheDemoStudy()
    {
        var spec = DemoStudy.Spec();

        var again = StudyForm.FromSpec(spec).ToSpec();

        Assert.Equal(spec.Name, again.Name);
        Assert.True(JsonNode.DeepEquals(spec.Base, again.Base));
        Assert.Equal(GridExpander.Cells(spec).Select(c => c.Label), GridExpander.Cells(again).Select(c => c.Label));
    }

    [Fact]
    public void DemoStudy_IsATwoByTwoGridOnFashionMnist()
    {
        var cells = GridExpander.Cells(DemoStudy.Spec());

        Assert.Equal(["bn=on, dropout=0", "bn=on, dropout=0.3", "bn=off, dropout=0", "bn=off, dropout=0.3"], cells.Select(c => c.Label));
        Assert.All(cells, c => Assert.Equal("fashion-mnist", c.Spec["data"]!["dataset"]!.GetValue<string>()));
    }

    [Fact]
    public void NewStudy_HasThreeSeedsPerCell_TheDemoKeepsOne_AndACopyKeepsItsOwn()
    {
        Assert.Equal(3, DemoStudy.Blank().Repeats);
        Assert.Equal(3, DemoStudy.Blank().ToSpec().Repeats);
        Assert.Equal(1, DemoStudy.Spec().Repeats); // a few minutes on two cores: not tripled
        Assert.Equal(5, StudyForm.FromSpec(DemoStudy.Spec() with { Repeats = 5 }).Repeats);

        var runs = GridExpander.Runs(DemoStudy.Blank().ToSpec() with { Name = "three seeds", Axes = DemoStudy.Spec().Axes });
        Assert.Equal(12, runs.Count);
        Assert.All(runs.GroupBy(r => r.Cell.Label), cell => Assert.Equal([1, 2, 3], cell.Select(r => r.Seed)));
    }

    [Fact]
    public async Task RenderThrottle_CoalescesABurstAndKeepsTheLastNotification()
    {
        // Checked by when the calls happened, not by how long the test slept: a loaded CI machine
        // may oversleep any delay, but it cannot make the throttle call early.
        var interval = TimeSpan.FromMilliseconds(1500);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var calls = new System.Collections.Concurrent.ConcurrentQueue<TimeSpan>();
        using var throttle = new RenderThrottle(interval, () =>
        {
            calls.Enqueue(clock.Elapsed);
            return Task.CompletedTask;
        });

        for (var i = 0; i < 50; i++)
        {
            throttle.Notify();
        }

        await WaitForAsync(() => calls.Count >= 1);
        throttle.Notify(); // inside the interval: held back, not dropped…
        await WaitForAsync(() => calls.Count >= 2);

        // The burst of 50 drew once and the late notification once more: a second call from the burst
        // would have come at once, before the late one, and be the second call here, too early.
        var times = calls.ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= interval - TimeSpan.FromMilliseconds(20), $"second call {times[1] - times[0]} after the first");
    }

    private static async Task WaitForAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the throttle never called");
            await Task.Delay(20);
        }
    }
}
