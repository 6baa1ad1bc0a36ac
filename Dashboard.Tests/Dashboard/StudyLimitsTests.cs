using System.Text.Json.Nodes;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// The limits every study spec meets before a cell is built, whether it came from the API, a file
/// or the editor (all three reach <see cref="GridExpander"/>): each names its field, in words.
/// </summary>
public sealed class StudyLimitsTests
{
    private static JsonObject Base() => JsonNode.Parse("""{ "data": { "dataset": "toy" }, "model": { "family": "mlp" }, "epochs": 1 }""")!.AsObject();

    private static StudySpec Study(Action<StudySpec>? change = null)
    {
        var study = new StudySpec { Name = "limits", Base = Base(), Axes = [new Axis("lr", "optimizer.lr", [JsonValue.Create(0.1), JsonValue.Create(0.01)])] };
        change?.Invoke(study);
        return study;
    }

    private static StudyException Refused(StudySpec study)
    {
        var e = Assert.Throws<StudyException>(() => GridExpander.Cells(study));
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void AStudyWithinEveryLimit_Expands()
    {
        Assert.Equal(2, GridExpander.Cells(Study()).Count);
    }

    // NUL, BEL, a line feed, ALM, RLM, the right-to-left override, a left-to-right isolate, half a surrogate pair.
    [Theory]
    [InlineData(0x0000)]
    [InlineData(0x0007)]
    [InlineData(0x000A)]
    [InlineData(0x061C)]
    [InlineData(0x200F)]
    [InlineData(0x202E)]
    [InlineData(0x2066)]
    [InlineData(0xD800)]
    public void ControlAndBidiCharacters_AreRefused_InStudyAxisAndVariantNames(int codePoint)
    {
        var name = $"abc{(char)codePoint}txt";
        var named = $"U+{codePoint:X4}";
        var study = Refused(Study(s => s.Name = name));
        Assert.Equal("name", study.Field);
        Assert.Contains(named, study.Message, StringComparison.Ordinal);

        var axis = Refused(Study(s => s.Axes = [new Axis(name, "optimizer.lr", [JsonValue.Create(0.1)])]));
        Assert.StartsWith("axis ", axis.Field, StringComparison.Ordinal);
        Assert.Contains(named, axis.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, axis.Message, StringComparison.Ordinal); // quoted as U+XXXX, not raw

        var variant = Refused(Study(s =>
        {
            s.Mode = GridMode.Variants;
            s.Axes = [];
            s.Variants = [new Variant(name, new Dictionary<string, JsonNode?> { ["model.dropout"] = JsonValue.Create(0.1) })];
        }));
        Assert.StartsWith("variant ", variant.Field, StringComparison.Ordinal);
        Assert.Contains(named, variant.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_MayHoldLineBreaksAndTabs_ButNoOtherControlCharacter()
    {
        Assert.Equal(2, GridExpander.Cells(Study(s => s.Description = "first line\n\tsecond line\r\n")).Count);

        var e = Refused(Study(s => s.Description = "ring \u0007"));

        Assert.Equal("description", e.Field);
        Assert.Contains("U+0007", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NameAndDescription_PastTheirLength_AreRefused()
    {
        var name = Refused(Study(s => s.Name = new string('n', StudyLimits.MaxNameLength + 1)));
        var description = Refused(Study(s => s.Description = new string('d', 25_000_000)));

        Assert.Equal("name", name.Field);
        Assert.Contains($"at most {StudyLimits.MaxNameLength}", name.Message, StringComparison.Ordinal);
        Assert.Equal("description", description.Field);
        Assert.Equal("description: is 25,000,000 characters long; it may have at most 4,000", description.Message);
        Assert.Equal(2, GridExpander.Cells(Study(s => s.Description = new string('d', StudyLimits.MaxDescriptionLength))).Count);
    }

    [Fact]
    public void TooManyAxes_OrValues_OrVariants_AreRefused()
    {
        var axes = Refused(Study(s => s.Axes = [.. Enumerable.Range(0, StudyLimits.MaxAxes + 1).Select(i => new Axis($"a{i}", "optimizer.lr", [JsonValue.Create(0.1)]))]));
        var values = Refused(Study(s => s.Axes = [new Axis("lr", "optimizer.lr", [.. Enumerable.Range(1, StudyLimits.MaxValuesPerAxis + 1).Select(i => (JsonNode?)JsonValue.Create(i / 1000.0))])]));
        var variants = Refused(Study(s =>
        {
            s.Mode = GridMode.Variants;
            s.Variants = [.. Enumerable.Range(0, StudyLimits.MaxVariants + 1).Select(i => new Variant($"v{i}", new Dictionary<string, JsonNode?>()))];
        }));

        Assert.Equal("axes: this study has 21 axes; the limit is 20", axes.Message);
        Assert.Equal("axis lr: has 101 values; an axis takes at most 100", values.Message);
        Assert.Equal("variants: this study has 201 variants; the limit is 200", variants.Message);
    }

    [Fact]
    public void AValueGivenTwice_OrTwoAxesOfOneName_AreRefused()
    {
        var twice = Refused(Study(s => s.Axes = [new Axis("lr", "optimizer.lr", [JsonValue.Create(0.1), JsonValue.Create(0.2), JsonValue.Create(0.1)])]));
        var sameName = Refused(Study(s => s.Axes =
        [
            new Axis("x", "optimizer.lr", [JsonValue.Create(0.1)]),
            new Axis("x", "model.dropout", [JsonValue.Create(0.1)]),
        ]));

        Assert.Equal("axis lr: 0.1 is given twice; each value is one cell", twice.Message);
        Assert.Equal("axis x", sameName.Field);
    }

    [Fact]
    public void AHugeBaseline_OrSetting_IsRefused_BeforeItIsCopiedIntoEveryCell()
    {
        var huge = new JsonArray([.. Enumerable.Range(0, StudyLimits.MaxBaseValues).Select(i => (JsonNode?)JsonValue.Create(i))]);
        var baseline = Refused(Study(s => s.Base["model"]!["hidden_sizes"] = huge));
        var setting = Refused(Study(s => s.Axes = [new Axis("hidden", "model.hidden_sizes", [new JsonArray([.. Enumerable.Range(0, StudyLimits.MaxValuesPerSetting).Select(i => (JsonNode?)JsonValue.Create(i))])])]));

        Assert.Equal("base", baseline.Field);
        Assert.Contains("a baseline run spec holds at most 1,000", baseline.Message, StringComparison.Ordinal);
        Assert.Contains("one setting holds at most 100", setting.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunsWhoseSpecsTogetherHoldTooMuch_AreRefused()
    {
        // 2,000 runs of a 900-value baseline: each limit alone holds, together 1.8 million values would be written.
        var widths = new JsonArray([.. Enumerable.Range(0, 880).Select(i => (JsonNode?)JsonValue.Create(8))]);
        var e = Refused(Study(s =>
        {
            s.Base["model"]!["hidden_sizes"] = widths;
            s.Axes = [new Axis("lr", "optimizer.lr", [.. Enumerable.Range(1, 20).Select(i => (JsonNode?)JsonValue.Create(i / 100.0))])];
            s.Repeats = 100;
        }));

        Assert.StartsWith("base: the 2,000 runs' specs would hold", e.Message, StringComparison.Ordinal);
        Assert.Contains($"the limit is {StudyLimits.MaxExpandedValues:N0}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CellsWhoseLabelsReadAlike_AreRefused()
    {
        // "on" and true both read "on" in a label.
        var e = Refused(Study(s => s.Axes = [new Axis("tag", "data.augment", [JsonValue.Create("on"), JsonValue.Create(true)])]));

        Assert.Contains("is given twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EditorPath_RefusesTheSameLimits_BeneathTheirFields()
    {
        var form = DemoStudy.Blank();
        form.Name = "rtl\u202Egnp.exe";
        form.Axes = [new AxisRow { Path = "optimizer.lr", Values = "0.1" }];
        var validator = new StudyValidator(Path.Combine(Path.GetTempPath(), "no-data-root-needed"));

        var name = Assert.Throws<StudyException>(() => validator.Preview(form.ToSpec()));
        form.Name = "fine";
        form.Description = new string('d', StudyLimits.MaxDescriptionLength + 1);
        var description = Assert.Throws<StudyException>(() => validator.Preview(form.ToSpec()));

        Assert.Equal("name", name.Field);
        Assert.Equal("description", description.Field);
    }
}
