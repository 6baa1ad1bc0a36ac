using Ablation.Dashboard.Services.Studies;
using Ablation.Dashboard.Services.Studies.Presets;
using Ablation.Tests.Data;
using Ablation.Tests.Data.Tabular;

namespace Ablation.Tests.Dashboard.Presets;

/// <summary>The shipped presets (Dashboard/Presets/*.json): every one parses, expands and passes the study check.</summary>
public sealed class PresetCatalogTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void EveryStudyOfStudiesMd_HasAPreset_WithTheExpectedNumberOfRuns()
    {
        var runs = PresetCatalog.All.ToDictionary(p => p.Id, p => GridExpander.Runs(PresetCatalog.Build(p, PresetScale.Full)).Count);

        Assert.Equal(["a", "b", "b-sweeps", "c-boston", "c-mnist-cnn", "d", "e"], PresetCatalog.All.Select(p => p.Id));
        Assert.Equal(["A", "B", "C", "D", "E"], PresetCatalog.All.Select(p => p.Letter).Distinct());
        // A: 6 CNN + 3 MLP variants; B: 3 activations × 3 losses × 2 depths; B sweeps and the MNIST CNN one
        // factor at a time; Boston: 3 depths × 3 activations × 3 learning rates; D: the report's 13
        // configurations; E: 5 optimizers × 4 learning rates. Full scale: three seeds per cell.
        Assert.Equal(
            new Dictionary<string, int> { ["a"] = 9, ["b"] = 18, ["b-sweeps"] = 13, ["c-boston"] = 27, ["c-mnist-cnn"] = 9, ["d"] = 13, ["e"] = 20 }
                .ToDictionary(kv => kv.Key, kv => kv.Value * 3),
            runs);
        Assert.All(PresetCatalog.All, p => Assert.Equal(3, PresetCatalog.Build(p, PresetScale.Full).Repeats));
        Assert.All(PresetCatalog.All, p => Assert.Equal(PresetCatalog.QuickRepeats, PresetCatalog.Build(p, PresetScale.Quick).Repeats));
        Assert.Equal(1, PresetCatalog.QuickRepeats);
    }

    [Fact]
    public void QuickVersion_SetsItsFieldsOnTheBaseline_AndRemembersThePreset()
    {
        var a = PresetCatalog.Find("a")!;

        var quick = PresetCatalog.Build(a, PresetScale.Quick);
        var full = PresetCatalog.Build(a, PresetScale.Full);

        Assert.Equal(4000, quick.Base["data"]!["subset"]!.GetValue<int>());
        Assert.Equal(2, quick.Base["epochs"]!.GetValue<int>());
        Assert.Null(full.Base["data"]!["subset"]);
        Assert.Equal(20, full.Base["epochs"]!.GetValue<int>());
        Assert.EndsWith("(quick)", quick.Name, StringComparison.Ordinal);
        Assert.Equal("a", quick.Preset);
        Assert.Equal("a", StudyForm.FromSpec(quick).ToSpec().Preset);
    }

    [Fact]
    public void QuickB_IsTheReportsThreeByThree_ActivationByLoss()
    {
        var quick = PresetCatalog.Build(PresetCatalog.Find("b")!, PresetScale.Quick, standIn: true);

        Assert.Equal(["activation", "loss"], quick.Axes.Select(a => a.Name));
        Assert.Equal(9, GridExpander.Runs(quick).Count);
    }

    [Fact]
    public void StandIn_ReplacesTheDataSet_AndDropsItsImageOptions()
    {
        var d = PresetCatalog.Build(PresetCatalog.Find("d")!, PresetScale.Quick, standIn: true);

        Assert.Equal("fashion-mnist", d.Base["data"]!["dataset"]!.GetValue<string>());
        Assert.Null(d.Base["data"]!["image_size"]);
        Assert.Throws<StudyException>(() => PresetCatalog.Build(PresetCatalog.Find("c-boston")!, PresetScale.Quick, standIn: true));
    }

    [Fact]
    public void EveryPresetWithItsData_PassesTheStudyCheck_ThroughTheEditorsForm()
    {
        TableFiles.Write(_root.Combine("sklearn", "boston_house_prices.csv"), TableFiles.BostonCsv(rows: 60));
        var validator = new StudyValidator(_root.Path);
        foreach (var preset in PresetCatalog.All)
        {
            // Fashion-MNIST (Debian's files) stands in for the sets a test machine does not have.
            var spec = StudyForm.FromSpec(PresetCatalog.Build(preset, PresetScale.Quick, standIn: preset.StandIn is not null)).ToSpec();

            var preview = validator.Preview(spec);

            Assert.True(preview.IsValid, $"{preset.Id}: " + string.Join("; ", preview.Cells.SelectMany(c => c.Problems.Select(p => $"{c.Cell.Label}: {p}"))));
            Assert.All(preview.Cells, c => Assert.True(c.Parameters > 0));
        }
    }

    [Fact]
    public void ReportedCells_NameAxisValuesThePresetsRunsHave()
    {
        foreach (var preset in PresetCatalog.All)
        {
            var cells = GridExpander.Runs(PresetCatalog.Build(preset, PresetScale.Full)).Select(r => r.Cell).ToList();
            foreach (var reported in preset.Reported)
            {
                Assert.True(
                    reported.Cell.Keys.All(k => k == "variant") ? cells.Any(c => c.Label == reported.Cell["variant"])
                        : cells.Any(c => reported.Cell.All(kv => FilledValue(c, kv.Key, preset) == kv.Value)),
                    $"{preset.Id}: no cell {string.Join(", ", reported.Cell)}");
            }
        }
    }

    // The value an axis has in a cell, the baseline's when the cell leaves it alone (as ResultsLoader fills it in).
    private static string FilledValue(Cell cell, string axis, StudyPreset preset)
    {
        if (cell.Values.TryGetValue(axis, out var value))
        {
            return value;
        }

        var path = PresetCatalog.Build(preset, PresetScale.Full).Axes.Single(a => a.Name == axis).Path;
        return GridExpander.Format(GridExpander.Read(cell.Spec, path));
    }
}
