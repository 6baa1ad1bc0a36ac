using Ablation.Dashboard.Components.Controls;
using Ablation.Dashboard.Services.Evaluation;
using Ablation.Tests.Data;

namespace Ablation.Tests.Dashboard.Evaluation;

public sealed class RunEvaluationReaderTests : IDisposable
{
    private readonly TempDataRoot _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Regression = """
        {"kind":"regression","split":"test","epoch":40,"target":"MEDV","pairs":[[24.0,22.5],[10.0,"NaN"],[30.0,33.0]],"mse":6.5,"mae":2.1,"r2":0.91}
        """;

    private const string Classification = """
        {"kind":"classification","split":"test","epoch":3,"class_names":["cat","dog"],"confusion":[[5,1],[0,0]],
         "per_class_accuracy":[0.8333,null],"sample_shape":[1,2,2],
         "samples":[{"index":0,"label":0,"predicted":1,"pixels":"AAECAw=="}]}
        """;

    [Fact]
    public void Read_NoFile_IsNoEvaluationAndNoProblem()
    {
        Assert.Equal(new EvaluationResult(null, null), RunEvaluationReader.Read(_dir.Path));
        Assert.Equal(new EvaluationResult(null, null), RunEvaluationReader.Read(null));
    }

    [Fact]
    public void Read_Malformed_SaysWhichFile()
    {
        File.WriteAllText(_dir.Combine("evaluation.json"), "{\"kind\":\"regression\",\"pairs\":[[1]]}");

        var result = RunEvaluationReader.Read(_dir.Path);

        Assert.Null(result.Evaluation);
        Assert.StartsWith(_dir.Combine("evaluation.json") + ":", result.Problem);
    }

    [Fact]
    public void Parse_Classification()
    {
        var e = RunEvaluationReader.Parse(Classification);

        Assert.False(e.IsRegression);
        Assert.Equal(["cat", "dog"], e.ClassNames);
        Assert.Equal([5L, 1L], e.Confusion[0]);
        Assert.Null(e.PerClassAccuracy[1]);
        var sample = Assert.Single(e.Samples);
        Assert.True(sample.IsWrong);
        Assert.Equal([0, 1, 2, 3], sample.Pixels);
        Assert.Equal("7", e.ClassName(7));
    }

    [Fact]
    public void Figures_ConfusionHeatmapAndPerClassBars()
    {
        var e = RunEvaluationReader.Parse(Classification);

        var confusion = EvaluationFigures.Confusion(e);
        var bars = EvaluationFigures.PerClassAccuracy(e);

        var heatmap = Assert.Single(confusion.Traces);
        Assert.Equal("heatmap", (string?)heatmap["type"]);
        Assert.Equal("[[5,1],[0,0]]", heatmap["z"]!.ToJsonString());
        Assert.Equal("[\"cat\",\"dog\"]", heatmap["y"]!.ToJsonString());
        Assert.Equal("reversed", (string?)confusion.Layout["yaxis"]!["autorange"]);
        // A class without test examples gets no bar rather than a bar at 0.
        Assert.Equal("[0.8333,null]", Assert.Single(bars.Traces)["y"]!.ToJsonString());
    }

    [Fact]
    public void Figures_ScatterWithIdentityLine_AndResiduals_SkipNonFinitePairs()
    {
        var e = RunEvaluationReader.Parse(Regression);

        Assert.True(e.IsRegression);
        Assert.Equal((6.5, 2.1, 0.91), (e.Mse!.Value, e.Mae!.Value, e.R2!.Value));
        var scatter = EvaluationFigures.PredictedVsTrue(e);
        var residuals = EvaluationFigures.Residuals(e);

        Assert.Equal("[24,30]", scatter.Traces[0]["x"]!.ToJsonString());
        Assert.Equal("[22.5,33]", scatter.Traces[0]["y"]!.ToJsonString());
        // The identity line spans the smallest to the largest value of either axis.
        Assert.Equal("[22.5,33]", scatter.Traces[1]["x"]!.ToJsonString());
        Assert.Equal(scatter.Traces[1]["x"]!.ToJsonString(), scatter.Traces[1]["y"]!.ToJsonString());
        Assert.Equal("[-1.5,3]", residuals.Traces[0]["y"]!.ToJsonString());
        Assert.Contains("MEDV", (string?)scatter.Layout["title"]!["text"]);
    }
}
