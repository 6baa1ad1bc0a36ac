using System.Text.Json;
using Ablation.Contracts.Evaluation;
using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;
using Ablation.Contracts.Specs;
using Ablation.Tests.Data;
using Ablation.Tests.Data.Tabular;
using Ablation.Training.Engine;
using Ablation.Training.Torch;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class RegressionTrainingTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public RegressionTrainingTests()
    {
        TableFiles.Write(_root.Combine("sklearn", "boston_house_prices.csv"), TableFiles.BostonCsv(rows: 240));
        TableFiles.Write(_root.Combine("sklearn", "iris.csv"), TableFiles.IrisCsv(rows: 150));
    }

    public void Dispose() => _root.Dispose();

    private static string BostonSpec(double lr = 0.01, string loss = """{ "name": "mse" }""", int epochs = 30, string activation = "relu", string optimizer = "adam") => $$"""
        {
          "data": { "dataset": "boston", "split": [4, 1, 1] },
          "model": { "family": "mlp", "hidden_sizes": [32, 16], "activation": "{{activation}}" },
          "loss": {{loss}},
          "optimizer": { "name": "{{optimizer}}", "lr": {{lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },
          "batch_size": 16, "epochs": {{epochs}}, "seed": 2, "device": "cpu", "log_every": 5
        }
        """;

    private (TrainingResult Result, List<RunEvent> Events) Train(string specJson, string? runDirectory = null)
    {
        var run = PreparedRun.Prepare(SpecReader.Parse(specJson), _root.Path);
        var events = new List<RunEvent>();
        var trainer = new Trainer(run.Spec, run.Data, run.Plan, new TrainerOptions { Device = Device.Cpu, CheckpointDirectory = runDirectory }, events.Add);
        return (trainer.Run(CancellationToken.None), events);
    }

    [Fact]
    public void Regression_LearnsALinearTarget_AndReportsMseMaeR2InOriginalUnits()
    {
        var (result, events) = Train(BostonSpec(), _root.Combine("run"));

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        var last = result.History[^1];
        Assert.True(last[Split.Test, Metric.R2] > 0.8, $"test R² {last[Split.Test, Metric.R2]}");
        Assert.All(result.History, h => Assert.True(h[Split.Train, Metric.Mse] is not null && h[Split.Validation, Metric.Mae] is not null && h[Split.Test, Metric.R2] is not null && h.TrainAccuracy is null && h.TestAccuracy is null));
        // MSE is in MEDV's units: the loss is on the standardized target, so the two differ by the target's variance.
        Assert.NotEqual(last.TestLoss, last[Split.Test, Metric.Mse]!.Value, 3);
        Assert.True(last[Split.Test, Metric.Mae] <= Math.Sqrt(last[Split.Test, Metric.Mse]!.Value) + 1e-9);

        var final = result.Metrics;
        Assert.Equal(last[Split.Test, Metric.Mse], final["test_mse"]);
        Assert.Equal(last[Split.Test, Metric.R2], final["test_r2"]);
        Assert.False(final.ContainsKey("test_accuracy"));
        var best = result.History.OrderBy(h => h.ValLoss).ThenBy(h => h.Epoch).First();
        Assert.Equal(best.Epoch, final["best_val_epoch"]);
        Assert.Equal(best[Split.Test, Metric.Mse], final["test_mse_at_best_val"]);
        Assert.Equal(best[Split.Test, Metric.R2], final["test_r2_at_best_val"]);

        var epochLine = RunEventJson.Serialize(events.OfType<EpochEvent>().First());
        Assert.Contains("\"train_mse\":", epochLine);
        Assert.Contains("\"val_mae\":", epochLine);
        Assert.Contains("\"test_r2\":", epochLine);
        Assert.DoesNotContain("accuracy", epochLine);
    }

    [Fact]
    public void Regression_WritesEvaluationBeforeFinal_WithPairsInTargetUnits()
    {
        var dir = _root.Combine("eval");
        var (result, events) = Train(BostonSpec(epochs: 10), dir);

        var evaluation = Assert.IsType<EvaluationEvent>(events[^2]);
        Assert.Equal("final", events[^1].Name);
        Assert.Equal(EvaluationKind.Regression, evaluation.Kind);
        Assert.Equal(Path.Combine(Path.GetFullPath(dir), "evaluation.json"), evaluation.Path);
        Assert.False(File.Exists(evaluation.Path + ".tmp"));

        using var doc = JsonDocument.Parse(File.ReadAllText(evaluation.Path));
        var root = doc.RootElement;
        Assert.Equal("regression", root.GetProperty("kind").GetString());
        Assert.Equal("test", root.GetProperty("split").GetString());
        Assert.Equal(10, root.GetProperty("epoch").GetInt32());
        Assert.Equal("MEDV", root.GetProperty("target").GetString());
        var pairs = root.GetProperty("pairs").EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
        Assert.Equal(40, pairs.Count); // 240 rows at 4:1:1
        // True values are MEDV as in the file (around 20), not standardized values around 0.
        Assert.InRange(pairs.Average(p => p.Item1), 10, 30);
        var mse = pairs.Average(p => (p.Item1 - p.Item2) * (p.Item1 - p.Item2));
        Assert.Equal(mse, root.GetProperty("mse").GetDouble(), 6);
        Assert.Equal(result.Metrics["test_mse"]!.Value, root.GetProperty("mse").GetDouble(), 3);
        Assert.Equal(result.Metrics["test_r2"]!.Value, root.GetProperty("r2").GetDouble(), 3);
    }

    [Fact]
    public void Regression_HugeLearningRate_Diverges_WithoutEvaluation()
    {
        var dir = _root.Combine("diverged");
        var (result, events) = Train(BostonSpec(lr: 1e3, epochs: 20, optimizer: "sgd"), dir);

        Assert.Equal(RunOutcome.Diverged, result.Outcome);
        Assert.IsType<DivergedEvent>(events[^1]);
        Assert.DoesNotContain(events, e => e is FinalEvent or EvaluationEvent);
        Assert.False(File.Exists(Path.Combine(dir, "evaluation.json")));
    }

    [Fact]
    public void Regression_HuberAndMae_Train()
    {
        var huber = Train(BostonSpec(loss: """{ "name": "huber", "beta": 0.5 }""", epochs: 8)).Result;
        var mae = Train(BostonSpec(loss: """{ "name": "mae" }""", epochs: 8)).Result;

        Assert.Equal(RunOutcome.Succeeded, huber.Outcome);
        Assert.Equal(RunOutcome.Succeeded, mae.Outcome);
        Assert.True(huber.History[^1][Split.Test, Metric.R2] > 0.5, $"huber R² {huber.History[^1][Split.Test, Metric.R2]}");
        Assert.True(mae.History[^1][Split.Test, Metric.R2] > 0.5, $"mae R² {mae.History[^1][Split.Test, Metric.R2]}");
    }

    [Fact]
    public void TableClassification_EvaluationHasConfusionAndNoSamples()
    {
        var dir = _root.Combine("iris");
        var (result, events) = Train("""
            {
              "data": { "dataset": "iris", "split": [4, 1, 1] },
              "model": { "family": "mlp", "hidden_sizes": [16] },
              "optimizer": { "name": "adam", "lr": 0.02 },
              "batch_size": 16, "epochs": 15, "seed": 1, "device": "cpu"
            }
            """, dir);

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.True(result.Metrics["test_accuracy"] > 0.9, $"iris test accuracy {result.Metrics["test_accuracy"]}");
        var evaluation = Assert.IsType<EvaluationEvent>(events[^2]);
        using var doc = JsonDocument.Parse(File.ReadAllText(evaluation.Path));
        var root = doc.RootElement;
        Assert.Equal(["setosa", "versicolor", "virginica"], root.GetProperty("class_names").EnumerateArray().Select(n => n.GetString()));
        var confusion = root.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        Assert.Equal(25, confusion.Sum(r => r.Sum()));
        var correct = Enumerable.Range(0, 3).Sum(i => confusion[i][i]);
        Assert.Equal(result.Metrics["test_accuracy"]!.Value, correct / 25.0, 6);
        Assert.Equal(0, root.GetProperty("samples").GetArrayLength());
        Assert.Equal([4], root.GetProperty("sample_shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public void Tables_RefuseConvFamilies_BeforeTraining()
    {
        var spec = SpecReader.Parse("""{ "data": { "dataset": "boston" }, "model": { "family": "cnn" }, "loss": { "name": "mse" } }""");

        var e = Assert.Throws<SpecException>(() => PreparedRun.Prepare(spec, _root.Path));

        Assert.Contains("model.family: cnn needs images, but boston is a table of 13 features; use mlp", e.Message);
    }
}
