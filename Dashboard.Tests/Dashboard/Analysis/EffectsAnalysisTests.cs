using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Analysis;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;
using static Ablation.Tests.Dashboard.Analysis.AnalysisStudies;

namespace Ablation.Tests.Dashboard.Analysis;

/// <summary>
/// Effects against a second implementation in Python (numpy + scipy 1.10): the marginal means and
/// differences as weighted sums of cell means with Welch–Satterthwaite degrees of freedom
/// (scipy.stats.t.ppf, t.sf), and the permutation p-values by enumerating every arrangement with
/// itertools. The inputs are <see cref="AnalysisStudies.GridValues"/>.
/// </summary>
public sealed class EffectsAnalysisTests
{
    private static StudyEffects Effects(StudyResults results, string? metric = null) =>
        EffectsAnalysis.Compute(results, CellGrouping.Of(results), metric ?? ResultMetrics.TestAccuracy);

    private static LevelEffect Level(StudyEffects effects, string axis, string level) =>
        effects.Axes.Single(a => a.Axis == axis).Levels.Single(l => l.Level == level);

    [Fact]
    public void FullGrid_BaselineIsTheBaseSpecsValue()
    {
        var effects = Effects(Grid(5));

        Assert.Equal(["bn", "dropout"], effects.Axes.Select(a => a.Axis));
        Assert.Equal(("on", "0"), (effects.Axes[0].Baseline, effects.Axes[1].Baseline));
        Assert.True(Level(effects, "bn", "on").IsBaseline);
        Assert.Null(Level(effects, "bn", "on").Comparison);
    }

    [Fact]
    public void FullGrid_MarginalMean_IsTheMeanOfCellMeans_WithItsInterval()
    {
        var effects = Effects(Grid(5));

        var off = Level(effects, "bn", "off").Marginal!;
        Assert.Equal(0.8235, off.Mean, 12);
        Assert.Equal(0.8197191828642092, off.Ci!.Value.Low, 9);
        Assert.Equal(0.827280817135791, off.Ci!.Value.High, 9);
        Assert.Equal((2, 10), (off.Cells, off.Runs)); // the diverged run is not among them

        var on = Level(effects, "bn", "on").Marginal!;
        Assert.Equal(0.8555, on.Mean, 12);
        Assert.Equal(0.8515326588246946, on.Ci!.Value.Low, 9);
        Assert.Equal(0.8594673411753054, on.Ci!.Value.High, 9);
    }

    [Fact]
    public void FullGrid_FiveRepeats_WelchDifferenceOverTheStrata()
    {
        var effects = Effects(Grid(5));

        var bn = Level(effects, "bn", "off").Comparison!;
        Assert.Equal(EffectTest.Welch, bn.Test);
        Assert.Equal(-0.032, bn.Difference, 12);
        Assert.Equal(-0.03703001778811881, bn.Ci!.Value.Low, 9);
        Assert.Equal(-0.026969982211881134, bn.Ci!.Value.High, 9);
        Assert.Equal(15.65795594472568, bn.Df!.Value, 9);
        Assert.Equal(4.821626556586219e-10, bn.P, 15);
        Assert.Equal((10, 10, 2), (bn.N, bn.BaselineN, bn.Strata));

        var dropout = Level(effects, "dropout", "0.3").Comparison!;
        Assert.Equal(-0.011, dropout.Difference, 12);
        Assert.Equal(0.0002851536031953367, dropout.P, 12);
    }

    [Fact]
    public void FullGrid_Verdicts_ReadInPercentagePoints()
    {
        var effects = Effects(Grid(5));

        var bn = Level(effects, "bn", "off");
        Assert.Equal(VerdictKind.Hurts, bn.Verdict!.Kind);
        Assert.Equal("bn=off: −3.2 pts test accuracy [−3.7, −2.7], p < 0.001 — hurts", bn.Verdict.Text);
        Assert.Equal("dropout=0.3: −1.1 pts test accuracy [−1.6, −0.6], p < 0.001 — hurts", Level(effects, "dropout", "0.3").Verdict!.Text);
    }

    [Fact]
    public void DivergedRun_IsCountedOnItsLevels_NeverAveragedIn()
    {
        var effects = Effects(Grid(5));

        Assert.Equal(1, Level(effects, "bn", "off").Diverged);
        Assert.Equal(1, Level(effects, "dropout", "0.3").Diverged);
        Assert.Equal(0, Level(effects, "bn", "on").Diverged);
        Assert.Equal(10, Level(effects, "bn", "off").Comparison!.N);
    }

    [Fact]
    public void FewRuns_PValueFromTheStratifiedPermutationTest_AndNoiseVerdict()
    {
        // Two repeats: four runs a side, so the p-value is the permutation test's (36 arrangements).
        var effects = Effects(Grid(2));

        var bn = Level(effects, "bn", "off");
        var comparison = bn.Comparison!;
        Assert.Equal(EffectTest.ExactPermutation, comparison.Test);
        Assert.Equal(0.05555555555555555, comparison.P, 12);
        Assert.Equal(-0.026, comparison.Difference, 12);
        Assert.Equal(-0.03528521659568027, comparison.Ci!.Value.Low, 9);
        Assert.Equal(-0.016714783404319776, comparison.Ci!.Value.High, 9);
        Assert.Equal(VerdictKind.Noise, bn.Verdict!.Kind);
        Assert.Equal("bn=off: −2.6 pts test accuracy [−3.5, −1.7], p = 0.056 (permutation) — not distinguishable from noise with n = 4", bn.Verdict.Text);

        var marginal = bn.Marginal!;
        Assert.Equal(0.8153933945765203, marginal.Ci!.Value.Low, 9);
        Assert.Equal(0.8386066054234796, marginal.Ci!.Value.High, 9);
    }

    [Fact]
    public void OneFactorAtATime_ComparesEachVariantWithTheBaselineCell()
    {
        var dropout = new ResultAxis("dropout", "model.dropout", ["0", "0.3", "0.5"]);
        var runs = new List<RunResult>();
        var id = 1;
        void Add(string bn, string d, string label, double[] values) =>
            runs.AddRange(values.Select((v, r) => Run(id++, new Dictionary<string, string> { ["bn"] = bn, ["dropout"] = d }, RunStatus.Succeeded, v, label, r)));
        Add("on", "0", "baseline", [0.82, 0.84, 0.85]);
        Add("off", "0", "bn=off", [0.70, 0.71, 0.69]);
        Add("on", "0.3", "dropout=0.3", [0.80, 0.83, 0.81]);
        Add("on", "0.5", "dropout=0.5", [0.78, 0.79, 0.80]);
        var results = new StudyResults(1, "ofat", [Bn, dropout], runs, []) { Mode = GridMode.OneFactorAtATime, BaseSpec = BaseSpec() };

        var effects = Effects(results);

        // The baseline cell alone is the baseline level of both axes (bn=off's cells are not averaged into dropout=0).
        Assert.Equal(0.8366666666666667, Level(effects, "dropout", "0").Marginal!.Mean, 12);
        Assert.Equal(0.8366666666666667, Level(effects, "bn", "on").Marginal!.Mean, 12);
        var d3 = Level(effects, "dropout", "0.3");
        // Python: Welch interval of [0.80, 0.83, 0.81] − [0.82, 0.84, 0.85]; itertools: p = 4 / 20.
        Assert.Equal(-0.023333333333333206, d3.Comparison!.Difference, 12);
        Assert.Equal(-0.05796168778945215, d3.Comparison.Ci!.Value.Low, 9);
        Assert.Equal(0.011295021122785735, d3.Comparison.Ci!.Value.High, 9);
        Assert.Equal(0.2, d3.Comparison.P, 12);
        Assert.Equal((1, 3, 3), (d3.Comparison.Strata, d3.Comparison.N, d3.Comparison.BaselineN));
        Assert.Equal("dropout=0.3: −2.3 pts test accuracy [−5.8, +1.1], p = 0.20 (permutation) — not distinguishable from noise with n = 3", d3.Verdict!.Text);
    }

    [Fact]
    public void Variants_EachAgainstTheFirstVariant()
    {
        var variant = new ResultAxis(ResultsLoader.VariantAxis, null, ["CNN", "MLP"]);
        var family = new ResultAxis("model.family", "model.family", ["cnn", "mlp"]);
        var runs = new List<RunResult>();
        var id = 1;
        void Add(string name, string f, double[] values) =>
            runs.AddRange(values.Select((v, r) => Run(id++, new Dictionary<string, string> { ["variant"] = name, ["model.family"] = f }, RunStatus.Succeeded, v, name, r)));
        Add("CNN", "cnn", [0.80, 0.81, 0.79, 0.82]);
        Add("MLP", "mlp", [0.71, 0.72, 0.70, 0.73]);
        var results = new StudyResults(1, "variants", [variant, family], runs, []) { Mode = GridMode.Variants };

        var effects = Effects(results);

        var axis = Assert.Single(effects.Axes);
        Assert.Equal(("variant", "CNN"), (axis.Axis, axis.Baseline));
        var mlp = axis.Levels.Single(l => l.Level == "MLP");
        // itertools: p = 2 / 70; numpy + scipy: the Welch interval.
        Assert.Equal(2.0 / 70, mlp.Comparison!.P, 12);
        Assert.Equal(-0.11233714693016462, mlp.Comparison.Ci!.Value.Low, 9);
        Assert.Equal("variant=MLP: −9.0 pts test accuracy [−11.2, −6.8], p = 0.029 (permutation) — hurts", mlp.Verdict!.Text);
    }

    [Fact]
    public void LowerIsBetter_AReductionHelps()
    {
        var effects = Effects(Grid(5), ResultMetrics.TestLoss);

        Assert.False(effects.HigherIsBetter);
        var bn = Level(effects, "bn", "off");
        Assert.Equal(0.032, bn.Comparison!.Difference, 12);
        Assert.Equal(VerdictKind.Hurts, bn.Verdict!.Kind);
        Assert.StartsWith("bn=off: +0.0320 test loss [+0.0270, +0.0370], p < 0.001", bn.Verdict.Text);

        // A lower loss than the baseline's helps.
        var lower = bn.Comparison with { Difference = -0.032, Ci = new Interval(-0.037, -0.027) };
        var verdict = VerdictWriter.For("bn", "off", "on", lower, ResultMetrics.TestLoss, higherIsBetter: false);
        Assert.Equal(VerdictKind.Helps, verdict.Kind);
        Assert.EndsWith("— helps", verdict.Text);
    }

    [Fact]
    public void LevelWithoutSucceededRuns_SaysSo()
    {
        var results = Grid(5);
        var failedOnly = results.Runs.Select(r => r.Cell["bn"] == "off" ? r with { Status = RunStatus.Failed } : r).ToList();
        var broken = new StudyResults(1, "grid", results.Axes, failedOnly, []) { Mode = GridMode.Full, BaseSpec = BaseSpec() };

        var off = Level(Effects(broken), "bn", "off");

        Assert.Null(off.Marginal);
        Assert.Equal(VerdictKind.NoData, off.Verdict!.Kind);
        Assert.Equal("bn=off: no succeeded runs to compare with bn=on", off.Verdict.Text);
        Assert.Equal(11, off.Failed); // the diverged run of bn=off, dropout=0.3 was made to fail too
    }

    [Fact]
    public void StudyAnalysis_ComputesOncePerResults()
    {
        var results = Grid(5);

        var first = StudyAnalysis.For(results).Effects(ResultMetrics.TestAccuracy);

        Assert.Same(first, StudyAnalysis.For(results).Effects(ResultMetrics.TestAccuracy));
        Assert.NotSame(first, StudyAnalysis.For(Grid(5)).Effects(ResultMetrics.TestAccuracy)); // a new load starts afresh
        Assert.Contains(ResultMetrics.TestAccuracy, StudyAnalysis.For(results).Metrics);
    }
}
