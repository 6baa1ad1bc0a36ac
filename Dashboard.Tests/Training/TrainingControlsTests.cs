using System.Text.Json;
using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;
using Ablation.Contracts.Models;
using Ablation.Contracts.Specs;
using Ablation.Contracts.Worker;
using Ablation.Tests.Data;
using Ablation.Training.Data;
using Ablation.Training.Engine;
using Ablation.Training.Models;
using Ablation.Training.Torch;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

/// <summary>Schedules, warm-up, early stopping, the best checkpoint and augmentation, through the real trainer on the toy set.</summary>
[Collection(TorchCollection.Name)]
public sealed class TrainingControlsTests : IDisposable
{
    // The toy set: 480 training images, 20% held out for validation, 384 / 32 = 12 steps an epoch.
    private const int StepsPerEpoch = 12;
    private const string Mlp = """{ "family": "mlp", "hidden_sizes": [16] }""";

    private readonly TempDataRoot _root = new();

    public TrainingControlsTests() => ToyData.Write(_root.Path);

    public void Dispose() => _root.Dispose();

    /// <summary>The toy spec with extra top-level fields and an optional data.augment.</summary>
    private static string Spec(string extra = "", string augment = "none", string model = Mlp, string optimizer = """{ "name": "sgd", "lr": 0.1 }""",
        int epochs = 3, int logEvery = 5)
    {
        var json = ToyData.SpecJson(model: model, optimizer: optimizer, epochs: epochs)
            .Replace("\"validation_fraction\": 0.2", $"\"validation_fraction\": 0.2, \"augment\": \"{augment}\"")
            .Replace("\"log_every\": 5", $"\"log_every\": {logEvery}");
        return extra.Length == 0 ? json : json.TrimEnd()[..^1] + ", " + extra + "}";
    }

    private (TrainingResult Result, List<RunEvent> Events, PreparedRun Run) Train(string specJson, string? folder = null, Func<RunEvent, bool>? cancelAfter = null)
    {
        var run = PreparedRun.Prepare(SpecReader.Parse(specJson), _root.Path);
        var events = new List<RunEvent>();
        using var cancel = new CancellationTokenSource();
        var trainer = new Trainer(run.Spec, run.Data, run.Plan, new TrainerOptions { Device = Device.Cpu, CheckpointDirectory = folder }, e =>
        {
            events.Add(e);
            if (cancelAfter?.Invoke(e) == true)
            {
                cancel.Cancel();
            }
        });
        return (trainer.Run(cancel.Token), events, run);
    }

    [Fact]
    public void StepSchedule_SetsTheLrOfEveryStep_AndTheEventsShowIt()
    {
        var (result, events, _) = Train(Spec("""  "schedule": { "name": "step", "step_size": 1, "gamma": 0.5 }  """));

        Assert.Equal([0.1, 0.05, 0.025], result.History.Select(h => h.Lr));
        var batches = events.OfType<BatchEvent>().ToList();
        Assert.NotEmpty(batches);
        Assert.All(batches, b => Assert.Equal(0.1 * Math.Pow(0.5, b.Epoch - 1), b.Lr!.Value, 15));
        Assert.Equal([1, 2, 3], batches.Select(b => b.Epoch).Distinct());
    }

    [Fact]
    public void WarmUp_RisesPerStepToTheScheduledRate()
    {
        var (result, events, _) = Train(Spec("""  "schedule": { "name": "cosine", "warmup_epochs": 1 }  """, logEvery: 1), folder: null);

        var lrs = events.OfType<BatchEvent>().Select(b => b.Lr!.Value).ToList();
        Assert.Equal(3 * StepsPerEpoch, lrs.Count);
        for (var s = 0; s < StepsPerEpoch; s++)
        {
            Assert.Equal(0.1 * (s + 1) / StepsPerEpoch, lrs[s], 15);
        }

        var cosineEpoch2 = 0.1 * (1 + Math.Cos(Math.PI / 3)) / 2;
        Assert.Equal(cosineEpoch2, lrs[StepsPerEpoch], 15);
        Assert.Equal(cosineEpoch2, result.History[1].Lr!.Value, 15);
    }

    [Fact]
    public void Resume_WithPlateauEarlyStoppingAndAugmentation_MatchesAnUninterruptedRun()
    {
        // A relative threshold of 50% is never met after the first epoch, so with patience 0 the
        // plateau schedule halves the rate after every later epoch: a resumed run that forgot its
        // counters would go back to 0.1.
        var spec = Spec("""
            "schedule": { "name": "plateau", "metric": "val_accuracy", "patience": 0, "factor": 0.5, "threshold": 0.5 },
            "early_stopping": { "enabled": true, "metric": "val_loss", "patience": 10 }
            """, augment: "crop:2+flip+rotate:10", model: """{ "family": "cnn", "conv_channels": [4], "dropout": 0.2 }""", epochs: 4);
        var uninterrupted = Train(spec, _root.Combine("a")).Result;
        Assert.Equal([0.1, 0.1, 0.05, 0.025], uninterrupted.History.Select(h => h.Lr));

        var interrupted = Train(spec, _root.Combine("b"), cancelAfter: e => e is CheckpointEvent { Epoch: 2 });
        Assert.Equal(RunOutcome.Canceled, interrupted.Result.Outcome);
        var (resumed, events, _) = Train(spec, _root.Combine("b"));

        Assert.Equal(2, events.OfType<StartEvent>().Single().ResumedFromEpoch);
        Assert.Equal(uninterrupted.History.Select(h => h.Lr), resumed.History.Select(h => h.Lr));
        Assert.Equal(uninterrupted.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
        Assert.Equal(uninterrupted.History.Select(h => h.ValLoss), resumed.History.Select(h => h.ValLoss));
        Assert.Equal(uninterrupted.Metrics["test_accuracy"], resumed.Metrics["test_accuracy"]);
    }

    [Fact]
    public void EarlyStopping_EndsTheRunAsSucceededWithFewerEpochs()
    {
        // No epoch can beat the first by a min_delta of 1 in accuracy: patience 1 stops after epoch 2.
        var spec = Spec("""  "early_stopping": { "enabled": true, "metric": "val_accuracy", "patience": 1, "min_delta": 1 }  """, epochs: 5);
        var (result, events, _) = Train(spec, _root.Combine("stop"));

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.Equal([1, 2], result.History.Select(h => h.Epoch));
        var stopped = Assert.Single(events.OfType<StoppedEarlyEvent>());
        Assert.Equal((2, 5, "val_accuracy", 1, 1), (stopped.Epoch, stopped.Epochs, stopped.Metric, stopped.BestEpoch, stopped.Patience));
        Assert.Equal(result.History[0].ValAccuracy, stopped.Best);
        Assert.Equal("final", events[^1].Name);
        Assert.Equal(2, result.Metrics["epochs_completed"]);
        Assert.Equal(1, result.Metrics["stopped_early"]);

        // Started again on its folder, the stopped run trains nothing more and reports the same.
        var (again, againEvents, _) = Train(spec, _root.Combine("stop"));
        Assert.Empty(againEvents.OfType<EpochEvent>());
        Assert.Single(againEvents.OfType<StoppedEarlyEvent>());
        Assert.Equal(2, again.Metrics["epochs_completed"]);
    }

    [Fact]
    public void WithoutEarlyStopping_TheFinalMetricsSayNotStopped()
    {
        var (result, events, _) = Train(Spec(epochs: 1));

        Assert.Equal(0, result.Metrics["stopped_early"]);
        Assert.Empty(events.OfType<StoppedEarlyEvent>());
    }

    [Fact]
    public void BestCheckpoint_HoldsTheWeightsOfTheBestValidationEpoch()
    {
        var folder = _root.Combine("best");
        var (result, events, run) = Train(Spec(epochs: 4), folder);

        // The toy set is easy: validation accuracy peaks early and ties go to the earliest epoch,
        // so the best epoch is not the last and best.pt differs from the final weights.
        var bestEpoch = (int)result.Metrics["best_val_epoch"]!.Value;
        Assert.Equal(result.History.Where(h => h.ValAccuracy == result.History.Max(x => x.ValAccuracy)).Min(h => h.Epoch), bestEpoch);
        Assert.True(bestEpoch < 4, $"best epoch {bestEpoch}");
        var saved = events.OfType<BestCheckpointEvent>().ToList();
        Assert.Equal(bestEpoch, saved[^1].Epoch);
        Assert.Equal("val_accuracy", saved[^1].Metric);
        Assert.Equal(result.History[bestEpoch - 1].ValAccuracy, saved[^1].Value);
        Assert.True(File.Exists(Path.Combine(folder, "best.pt")));
        Assert.False(File.Exists(Path.Combine(folder, "best.pt.tmp")));

        // best.pt's weights give exactly the test loss measured at the best epoch, the final
        // weights the last epoch's; the final metrics report both.
        Assert.Equal(result.History[bestEpoch - 1].TestLoss, result.Metrics["test_loss_at_best_val"]);
        Assert.Equal(result.History[bestEpoch - 1].TestAccuracy, result.Metrics["test_accuracy_at_best_val"]);
        Assert.Equal(result.History[^1].TestLoss, result.Metrics["test_loss"]);
        Assert.Equal(result.Metrics["test_loss_at_best_val"], TestLossOf(Path.Combine(folder, "best.pt"), run));
        Assert.Equal(result.Metrics["test_loss"], TestLossOf(Directory.GetFiles(folder, "epoch-*.model.pt").Single(), run));
        Assert.NotEqual(result.Metrics["test_loss"], result.Metrics["test_loss_at_best_val"]);
    }

    /// <summary>The mean test loss of saved weights, summed as the trainer's evaluation sums it (the toy test set is one batch).</summary>
    private static double TestLossOf(string weights, PreparedRun run)
    {
        using var model = ModelBuilder.Build(run.Plan);
        model.Root.Load(weights);
        model.Root.Eval();
        using var noGrad = TorchRuntime.NoGrad();
        var images = (LoadedData)run.Data;
        using var test = new DeviceData(images.Test, images.Mean, images.Std, Device.Cpu);
        using var scope = DisposeScope.Enter();
        var (inputs, targets) = test.Slice(0, test.Count);
        var sum = Tensor.Zeros(ScalarType.Float32, Device.Cpu, 1);
        sum.Accumulate(LossFunction.For(run.Spec.Loss).Compute(model.Root.Forward(inputs), targets), test.Count);
        return sum.Item() / test.Count;
    }

    [Fact]
    public void Augmentation_ChangesTheTrainingInputs_NeverValidationOrTest()
    {
        // At a learning rate of 1e-30 no weight moves, so the evaluation sees the same model in both
        // runs: the same validation and test losses prove those batches were not augmented, while
        // the training loss, measured on the augmented batches, differs.
        var plain = Train(Spec(optimizer: """{ "name": "sgd", "lr": 1e-30 }""", epochs: 1)).Result;
        var augmented = Train(Spec(optimizer: """{ "name": "sgd", "lr": 1e-30 }""", epochs: 1, augment: "crop:3+flip+translate:0.2")).Result;
        var again = Train(Spec(optimizer: """{ "name": "sgd", "lr": 1e-30 }""", epochs: 1, augment: "crop:3+flip+translate:0.2")).Result;

        Assert.NotEqual(plain.History[0].TrainLoss, augmented.History[0].TrainLoss);
        Assert.Equal(augmented.History[0].TrainLoss, again.History[0].TrainLoss);
        Assert.Equal(plain.History[0].ValLoss, augmented.History[0].ValLoss);
        Assert.Equal(plain.History[0].TestLoss, augmented.History[0].TestLoss);
        Assert.Equal(plain.History[0].TestAccuracy, augmented.History[0].TestAccuracy);
    }

    [Fact]
    public void PlateauWithoutValidationSplit_IsRefusedBeforeTraining()
    {
        var spec = Spec("""  "schedule": { "name": "plateau" }  """).Replace("\"validation_fraction\": 0.2", "\"validation_fraction\": 0");

        var e = Assert.Throws<SpecException>(() => PreparedRun.Prepare(SpecReader.Parse(spec), _root.Path));

        Assert.Contains("schedule.name: plateau watches val_loss, but the run has no validation split", e.Message);
    }

    [Fact]
    public void Worker_WritesTheStoppedEarlyAndBestCheckpointLines_AndExitsZero()
    {
        var spec = _root.Combine("stop.json");
        File.WriteAllText(spec, Spec("""
            "schedule": { "name": "plateau", "patience": 0 },
            "early_stopping": { "enabled": true, "metric": "val_accuracy", "patience": 1, "min_delta": 1 }
            """, augment: "crop+flip", epochs: 4));
        var folder = _root.Combine("worker-run");
        var stdout = new StringWriter();

        var code = WorkerCommand.Run(["run", spec, "--data-root", _root.Path, "--out", folder], stdout, new StringWriter());

        Assert.Equal((int)ExitCode.Succeeded, code);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var names = lines.Select(l => l.GetProperty("event").GetString()).ToList();
        // An early-stopped run is still a finished one: its evaluation comes before the final line too.
        Assert.Equal(["stopped_early", "evaluation", "final"], names[^3..]);
        var stopped = lines[^3];
        Assert.Equal((2, 4, 1, "val_accuracy"), (stopped.GetProperty("epoch").GetInt32(), stopped.GetProperty("epochs").GetInt32(),
            stopped.GetProperty("best_epoch").GetInt32(), stopped.GetProperty("metric").GetString()));
        Assert.Equal(1, lines[^1].GetProperty("metrics").GetProperty("stopped_early").GetDouble());
        var best = lines.First(l => l.GetProperty("event").GetString() == "best_checkpoint");
        Assert.Equal(Path.Combine(folder, "best.pt"), best.GetProperty("path").GetString());
        Assert.True(names.IndexOf("best_checkpoint") < names.IndexOf("checkpoint"));
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "state.json"))).RootElement;
        Assert.Equal(1, state.GetProperty("early_stopping").GetProperty("wait").GetInt32());
        var schedule = state.GetProperty("schedule");
        Assert.InRange(schedule.GetProperty("lr").GetDouble(), 0.001, 0.1);
        Assert.Equal(0, schedule.GetProperty("bad_epochs").GetInt32()); // patience 0: any bad epoch reduces and resets at once
    }

    [Theory]
    [InlineData("""{ "name": "sgd", "lr": 0.1 }""")]
    [InlineData("""{ "name": "sgd", "lr": 0.05, "momentum": 0.9 }""")]
    [InlineData("""{ "name": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": true, "weight_decay": 0.0002 }""")]
    [InlineData("""{ "name": "adam", "lr": 0.01 }""")]
    [InlineData("""{ "name": "adamw", "lr": 0.01, "weight_decay": 0.01 }""")]
    [InlineData("""{ "name": "rmsprop", "lr": 0.003, "momentum": 0.5 }""")]
    [InlineData("""{ "name": "adagrad", "lr": 0.05 }""")]
    public void EveryOptimizer_LowersTheTrainingLoss(string optimizer)
    {
        var (result, events, _) = Train(Spec(optimizer: optimizer, epochs: 3, logEvery: 1));

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        var batches = events.OfType<BatchEvent>().Select(b => b.Loss).ToList();
        var (first, last) = (batches.Take(StepsPerEpoch).Average(), batches.TakeLast(StepsPerEpoch).Average());
        Assert.True(last < 0.7 * first, $"mean loss of the first epoch's steps {first}, of the last epoch's {last}");
        Assert.True(result.Metrics["test_accuracy"] > 0.6, $"test accuracy {result.Metrics["test_accuracy"]}");
    }
}
