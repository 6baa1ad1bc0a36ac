using System.Text.Json;
using Ablation.Contracts.Evaluation;
using Ablation.Contracts.Metrics;

namespace Ablation.Tests.Contracts;

public sealed class RunEvaluationContractTests
{
    [Fact]
    public void Classification_RoundTrips()
    {
        var written = new RunEvaluation
        {
            Kind = EvaluationKind.Classification, Epoch = 3, ClassNames = ["cat", "dog"], Confusion = [[5, 1], [0, 0]],
            PerClassAccuracy = [5 / 6.0, null], SampleShape = [1, 2, 2], Samples = [new EvaluationSample(0, 0, 1, [0, 1, 2, 3])],
        };

        var json = written.ToJson();
        var read = RunEvaluation.Parse(json);

        Assert.Contains("\"kind\":\"classification\",\"split\":\"test\",\"epoch\":3", json);
        Assert.Contains("\"pixels\":\"AAECAw==\"", json);
        Assert.Contains("\"per_class_accuracy\":[0.8333333333333334,null]", json);
        Assert.DoesNotContain("is_wrong", json);
        Assert.Equal(Split.Test, read.Split);
        Assert.Equal(json, read.ToJson());
        Assert.True(read.Samples[0].IsWrong);
    }

    [Fact]
    public void Regression_RoundTrips_WithNonFinitePairsAsStrings()
    {
        var written = new RunEvaluation
        {
            Kind = EvaluationKind.Regression, Epoch = 40, Target = "MEDV", Pairs = [new(24, 22.5), new(10, double.NaN)], Mse = 6.5, Mae = 2.1, R2 = double.NaN,
        };

        var json = written.ToJson();
        var read = RunEvaluation.Parse(json);

        Assert.Contains("\"pairs\":[[24,22.5],[10,\"NaN\"]]", json);
        Assert.Contains("\"r2\":\"NaN\"", json);
        Assert.True(read.IsRegression);
        Assert.Equal(json, read.ToJson());
    }

    [Theory]
    [InlineData("""{"epoch":1}""", "not an evaluation: no \"kind\"")]
    [InlineData("""{"kind":"clustering"}""", "unknown evaluation kind (expected classification or regression)")]
    [InlineData("""{"kind":"classification","confusion":[[1,2],[3]]}""", "the confusion matrix is not square (2 rows)")]
    [InlineData("""{"kind":"regression","pairs":[[1]]}""", "a pair needs two numbers")]
    public void Refuses_WhatIsNoEvaluation(string json, string message)
    {
        var e = Assert.Throws<JsonException>(() => RunEvaluation.Parse(json));

        Assert.StartsWith(message, e.Message);
    }
}
