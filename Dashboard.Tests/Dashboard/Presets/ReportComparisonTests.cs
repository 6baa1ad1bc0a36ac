using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies.Presets;

namespace Ablation.Tests.Dashboard.Presets;

public sealed class ReportComparisonTests
{
    private static RunResult Run(int id, string variant, RunStatus status, double? accuracy) => new()
    {
        Id = id, Label = variant, Cell = new Dictionary<string, string> { ["variant"] = variant }, Status = status,
        FinalMetrics = accuracy is { } a ? new Dictionary<string, double?> { ["test_accuracy"] = a } : null,
    };

    [Fact]
    public void MeasuredMeanAndStd_AreOverSucceededRuns_DivergedAndPendingCountedApart()
    {
        var preset = PresetCatalog.Find("e")! with
        {
            Reported =
            [
                new ReportedValue { Cell = new() { ["variant"] = "Adam lr=0.001" }, Value = 0.60 },
                new ReportedValue { Cell = new() { ["variant"] = "SGD lr=0.1" }, Value = 0.10, Note = "does not train" },
            ],
        };
        var results = new StudyResults(1, "e", [new ResultAxis("variant", null, ["Adam lr=0.001", "SGD lr=0.1"])],
        [
            Run(1, "Adam lr=0.001", RunStatus.Succeeded, 0.62),
            Run(2, "Adam lr=0.001", RunStatus.Succeeded, 0.58),
            Run(3, "Adam lr=0.001", RunStatus.Diverged, null),
            Run(4, "SGD lr=0.1", RunStatus.Running, null),
        ], []);

        var rows = ReportComparison.Compare(preset, results);

        var adam = rows[0];
        Assert.Equal(("Adam lr=0.001", "test_accuracy", 0.60), (adam.Cell, adam.Metric, adam.Reported));
        Assert.Equal(0.60, adam.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(0.0008), adam.StdDev!.Value, 12); // sample std of 0.62 and 0.58
        Assert.Equal((2, 1, 0), (adam.Succeeded, adam.Diverged, adam.Pending));
        Assert.Equal(0.0, adam.Difference!.Value, 12);

        var sgd = rows[1];
        Assert.Null(sgd.Mean);
        Assert.Null(sgd.Difference);
        Assert.Equal((0, 0, 1), (sgd.Succeeded, sgd.Diverged, sgd.Pending));
        Assert.Equal("does not train", sgd.Note);
    }

    [Fact]
    public void QuickVersionWithoutAnAxis_ComparesOnlyTheReportedValuesAtItsBaselineLevel()
    {
        var preset = PresetCatalog.Find("b")!;
        var quick = PresetCatalog.Build(preset, PresetScale.Quick, standIn: true);
        var runs = Ablation.Dashboard.Services.Studies.GridExpander.Runs(quick)
            .Select((r, i) => new RunResult
            {
                Id = i + 1, Label = r.Cell.Label, Cell = r.Cell.Values, Status = RunStatus.Succeeded,
                FinalMetrics = new Dictionary<string, double?> { ["test_accuracy"] = 0.5 + (0.01 * i) },
            }).ToList();
        var results = new StudyResults(1, "b quick", quick.Axes.Select(a => new ResultAxis(a.Name, a.Path, [.. a.Values.Select(Ablation.Dashboard.Services.Studies.GridExpander.Format)])).ToList(), runs, [])
        {
            Preset = "b",
            BaseSpec = quick.Base,
        };

        var rows = ReportComparison.Compare(preset, results);

        // The quick version holds one hidden layer of 128: the report's 9 values for it, none of the 256→128 ones.
        Assert.Equal(9, rows.Count);
        Assert.All(rows, r => Assert.Contains("hidden=128", r.Cell, StringComparison.Ordinal));
        var reluHinge = rows.Single(r => r.Cell.StartsWith("activation=relu, loss=hinge", StringComparison.Ordinal));
        Assert.Equal(0.972, reluHinge.Reported);
        Assert.Equal(0.5 + (0.01 * 5), reluHinge.Mean!.Value, 12); // the 6th cell: relu × hinge
        Assert.Equal(1, reluHinge.Succeeded);
    }
}
