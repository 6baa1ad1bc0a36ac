using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Services.Studies;
using Ablation.Dashboard.Services.Studies.Presets;

namespace Ablation.Tests.Dashboard;

/// <summary>Study specs as YAML and JSON files: written, read back unchanged, and bad files refused with the reason.</summary>
public sealed class StudySpecFileTests
{
    private static JsonNode Tree(StudySpec spec) => JsonNode.Parse(StudySpecFile.ToJson(spec))!;

    public static TheoryData<string> Presets() => [.. PresetCatalog.All.Select(p => p.Id)];

    [Theory]
    [MemberData(nameof(Presets))]
    public void EveryPreset_SurvivesYamlAndJson_Unchanged(string id)
    {
        foreach (var scale in new[] { PresetScale.Quick, PresetScale.Full })
        {
            var spec = PresetCatalog.Build(PresetCatalog.Find(id)!, scale);

            var fromYaml = StudySpecFile.Parse(StudySpecFile.ToYaml(spec), StudySpecFile.Format.Yaml);
            var fromJson = StudySpecFile.Parse(StudySpecFile.ToJson(spec), StudySpecFile.Format.Json);

            Assert.True(JsonNode.DeepEquals(Tree(spec), Tree(fromYaml)), $"{id} ({scale}) changed through YAML:\n{StudySpecFile.ToYaml(spec)}");
            Assert.True(JsonNode.DeepEquals(Tree(spec), Tree(fromJson)), $"{id} ({scale}) changed through JSON");
        }
    }

    [Fact]
    public void HandWrittenYaml_ReadsAsTheSweepItSays_QuotedScalarsStayStrings()
    {
        const string yaml = """
            # a sweep kept in a repository
            name: bn x dropout
            base:
              data: { dataset: fashion-mnist, subset: 2000 }
              model:
                family: cnn
                block_order: [conv, bn, act, pool]
              optimizer: { name: adam, lr: 1e-3 }
              epochs: 2
            axes:
              - name: bn
                path: model.batch_norm
                values: [true, false]
              - name: dropout
                path: model.dropout
                values: [0, 0.3]
              - name: tag
                path: notes
                values: ["0.5", 'true', ~]
            mode: oneFactorAtATime
            repeats: 3
            """;

        var spec = StudySpecFile.Parse(yaml, StudySpecFile.Format.Yaml);

        Assert.Equal("bn x dropout", spec.Name);
        Assert.Equal(GridMode.OneFactorAtATime, spec.Mode);
        Assert.Equal(3, spec.Repeats);
        Assert.Equal(0.001, spec.Base["optimizer"]!["lr"]!.GetValue<double>());
        Assert.Equal(2000, spec.Base["data"]!["subset"]!.GetValue<long>());
        Assert.Equal(["conv", "bn", "act", "pool"], spec.Base["model"]!["block_order"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([true, false], spec.Axes[0].Values.Select(v => v!.GetValue<bool>()));
        Assert.Equal([0.0, 0.3], spec.Axes[1].Values.Select(v => v!.GetValue<double>()));
        Assert.Equal(JsonValueKind.String, spec.Axes[2].Values[0]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, spec.Axes[2].Values[1]!.GetValueKind());
        Assert.Null(spec.Axes[2].Values[2]);
    }

    [Fact]
    public void Yaml_QuotesStringsThatWouldReadAsOtherTypes()
    {
        var spec = new StudySpec
        {
            Name = "true",
            Base = new JsonObject { ["notes"] = "0.5", ["epochs"] = 2 },
            Axes = [new Axis("x", "notes", [JsonValue.Create("null"), JsonValue.Create("1e-3"), JsonValue.Create(1e-3)])],
        };

        var back = StudySpecFile.Parse(StudySpecFile.ToYaml(spec), StudySpecFile.Format.Yaml);

        Assert.True(JsonNode.DeepEquals(Tree(spec), Tree(back)), StudySpecFile.ToYaml(spec));
        Assert.Equal("true", back.Name);
    }

    [Theory]
    [InlineData("name: x\nbase: {\n", StudySpecFile.Format.Yaml, "line")]
    [InlineData("- just\n- a list\n", StudySpecFile.Format.Yaml, "object with a name")]
    [InlineData("name: no base\n", StudySpecFile.Format.Yaml, "base run spec")]
    [InlineData("{ \"name\": 3, ", StudySpecFile.Format.Json, "not valid JSON")]
    [InlineData("name: x\nbase: {}\nmode: sideways\n", StudySpecFile.Format.Yaml, "mode: full, oneFactorAtATime or variants is wanted, got \"sideways\"")]
    public void BadFiles_AreRefused_WithTheReason(string text, StudySpecFile.Format format, string reason)
    {
        var e = Assert.Throws<StudyFileException>(() => StudySpecFile.Parse(text, format));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sweep.yaml", StudySpecFile.Format.Yaml)]
    [InlineData("SWEEP.YML", StudySpecFile.Format.Yaml)]
    [InlineData("application/yaml; charset=utf-8", StudySpecFile.Format.Yaml)]
    [InlineData("study.json", StudySpecFile.Format.Json)]
    [InlineData("application/json", StudySpecFile.Format.Json)]
    [InlineData("notes.txt", null)]
    public void Format_IsNamedByExtensionOrMediaType(string name, StudySpecFile.Format? format) =>
        Assert.Equal(format, StudySpecFile.FormatOf(name));
}
