using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;
using Ablation.Contracts.Specs;
using Ablation.Tests.Data;
using Ablation.Training.Engine;
using Ablation.Training.Torch;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public TrainerTests()
    {
        ToyData.Write(_root.Path);
        ToyData.Write(_root.Path, "toy28", size: 28); // LeNet's two 5×5 convs and pools need 28×28
    }

    public void Dispose() => _root.Dispose();

    private (TrainingResult Result, List<RunEvent> Events) Train(string specJson, string? checkpoints = null,
        Func<RunEvent, bool>? cancelAfter = null)
    {
        var run = PreparedRun.Prepare(SpecReader.Parse(specJson), _root.Path);
        var events = new List<RunEvent>();
        using var cancel = new CancellationTokenSource();
        var trainer = new Trainer(run.Spec, run.Data, run.Plan, new TrainerOptions { Device = Device.Cpu, CheckpointDirectory = checkpoints }, e =>
        {
            events.Add(e);
            if (cancelAfter?.Invoke(e) == true)
            {
                cancel.Cancel();
            }
        });
        return (trainer.Run(cancel.Token), events);
    }

    [Fact]
    public void Train_ToyData_LearnsAndReportsEveryEpoch()
    {
        var (result, events) = Train(ToyData.SpecJson(epochs: 3), _root.Combine("run"));

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.Equal([1, 2, 3], result.History.Select(h => h.Epoch));
        Assert.True(result.Metrics["test_accuracy"] > 0.9, $"test accuracy {result.Metrics["test_accuracy"]}");
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss);
        Assert.All(result.History, h => Assert.True(h.SamplesPerSecond > 0 && h.TrainSeconds > 0 && h.ValAccuracy is not null));

        Assert.Equal("start", events[0].Name);
        Assert.Equal("model", events[1].Name);
        Assert.Equal("final", events[^1].Name);
        Assert.Equal(3, events.OfType<EpochEvent>().Count());
        Assert.Equal(3, events.OfType<CheckpointEvent>().Count());
        // 384 training examples / 32 = 12 steps an epoch, 36 in all, a batch event every 5 steps.
        Assert.Equal([5L, 10, 15, 20, 25, 30, 35], events.OfType<BatchEvent>().Select(b => b.Step));
        Assert.Equal(result.History.Max(h => h.ValAccuracy), result.Metrics["best_val_accuracy"]);
    }

    [Fact]
    public void Train_SameSeed_IsDeterministicOnCpu()
    {
        var a = Train(ToyData.SpecJson()).Result;
        var b = Train(ToyData.SpecJson()).Result;
        var other = Train(ToyData.SpecJson(seed: 4)).Result;

        Assert.Equal(a.History.Select(h => h.TrainLoss), b.History.Select(h => h.TrainLoss));
        Assert.Equal(a.History.Select(h => h.TestLoss), b.History.Select(h => h.TestLoss));
        Assert.NotEqual(a.History.Select(h => h.TrainLoss), other.History.Select(h => h.TrainLoss));
    }

    [Fact]
    public void Resume_FromCheckpoint_MatchesAnUninterruptedRun()
    {
        var spec = ToyData.SpecJson(epochs: 3);
        var uninterrupted = Train(spec, _root.Combine("a")).Result;

        var interrupted = Train(spec, _root.Combine("b"), cancelAfter: e => e is CheckpointEvent { Epoch: 2 });
        Assert.Equal(RunOutcome.Canceled, interrupted.Result.Outcome);
        Assert.Contains(interrupted.Events, e => e is CanceledEvent { Epoch: 3 });

        var (resumed, events) = Train(spec, _root.Combine("b"));

        Assert.Equal(2, events.OfType<StartEvent>().Single().ResumedFromEpoch);
        Assert.Equal([3], events.OfType<EpochEvent>().Select(e => e.Metrics.Epoch));
        Assert.Equal(RunOutcome.Succeeded, resumed.Outcome);
        Assert.Equal(uninterrupted.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
        Assert.Equal(uninterrupted.Metrics["test_accuracy"], resumed.Metrics["test_accuracy"]);
        // Only the newest checkpoint's files are kept, beside the best validation epoch's weights and the finished run's evaluation.
        Assert.Equal(["best.pt", "epoch-0003.model.pt", "epoch-0003.optim.pt", "evaluation.json", "state.json"],
            Directory.GetFiles(_root.Combine("b")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Resume_WithADifferentSpec_IsRefused()
    {
        Train(ToyData.SpecJson(epochs: 1), _root.Combine("c"));

        var e = Assert.Throws<SpecException>(() => Train(ToyData.SpecJson(epochs: 1, seed: 9), _root.Combine("c")));

        Assert.Contains("different spec", e.Message);
    }

    [Fact]
    public void HugeLearningRate_EndsTheRunAsDivergedAtThatStep()
    {
        var (result, events) = Train(ToyData.SpecJson(model: """{ "family": "mlp", "hidden_sizes": [16] }""",
            optimizer: """{ "name": "sgd", "lr": 1e12 }"""));

        Assert.Equal(RunOutcome.Diverged, result.Outcome);
        var diverged = Assert.Single(events.OfType<DivergedEvent>());
        Assert.False(double.IsFinite(diverged.Loss));
        Assert.True(diverged.Step < 12, $"noticed only at step {diverged.Step}");
        Assert.DoesNotContain(events, e => e is FinalEvent);
    }

    [Theory]
    [InlineData("""{ "family": "mlp", "hidden_sizes": [32], "batch_norm": true, "dropout": 0.2, "activation": "gelu" }""", """{ "name": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": true }""", "toy")]
    [InlineData("""{ "family": "lenet", "batch_norm": true }""", """{ "name": "rmsprop", "lr": 0.003 }""", "toy28")]
    [InlineData("""{ "family": "resnet", "conv_channels": [4, 8], "batch_norm": true }""", """{ "name": "adamw", "lr": 0.01, "weight_decay": 0.01 }""", "toy")]
    [InlineData("""{ "family": "cnn", "conv_channels": [4], "block_order": ["pool", "conv", "act"], "activation": "leaky_relu" }""", """{ "name": "adagrad", "lr": 0.05 }""", "toy")]
    public void EveryFamily_TrainsAboveChance(string model, string optimizer, string dataset)
    {
        var (result, _) = Train(ToyData.SpecJson(model: model, optimizer: optimizer, epochs: 3, dataset: dataset));

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.True(result.Metrics["test_accuracy"] > 0.6, $"test accuracy {result.Metrics["test_accuracy"]}");
    }

    [Fact]
    public void EventJson_PutsTheEventNameFirst()
    {
        var line = RunEventJson.Serialize(new DivergedEvent { Epoch = 1, Step = 2, Loss = double.NaN, Time = 0.5 });

        Assert.StartsWith("{\"event\":\"diverged\"", line);
        Assert.Contains("\"loss\":\"NaN\"", line);
    }
}
