using System.Diagnostics;
using Ablation.Contracts.Evaluation;
using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;
using Ablation.Contracts.Models;
using Ablation.Contracts.Specs;
using Ablation.Training.Data;
using Ablation.Training.Models;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

public sealed record TrainerOptions
{
    public required Device Device { get; init; }

    /// <summary>Where per-epoch checkpoints go; null keeps none (and resumes nothing).</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Called on the training thread at every loss read: (epoch, step in epoch, steps per epoch, loss).</summary>
    public Action<int, int, int, double>? Progress { get; init; }
}

/// <summary>
/// Trains one run spec on loaded data: seeded shuffling, minibatches, per-epoch train / validation /
/// test metrics, a checkpoint every epoch, and the events of docs/worker.md.
/// </summary>
public sealed class Trainer(RunSpec spec, ITrainingData data, ModelPlan plan, TrainerOptions options, Action<RunEvent> emit)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _stoppedEarly;

    public TrainingResult Run(CancellationToken cancellation)
    {
        TorchRuntime.InitThread();
        var device = options.Device;
        var specHash = SpecHash.Of(spec);
        var loss = LossFunction.For(spec.Loss);
        var checkpoints = options.CheckpointDirectory is null ? null : new Checkpoints(options.CheckpointDirectory);
        var resumeState = checkpoints?.TryLoadState();
        if (resumeState is not null && resumeState.SpecHash != specHash)
        {
            throw new SpecException("checkpoint", $"{checkpoints!.Directory} holds a checkpoint of a different spec ({resumeState.SpecHash}, this is {specHash}); use another output folder");
        }

        // Seeding before the build makes weight initialisation a function of the seed alone.
        TorchRuntime.ManualSeed((ulong)spec.Seed);
        using var model = ModelBuilder.Build(plan);
        if (spec.Model.InitStd is { } std)
        {
            model.Root.InitNormal(std);
        }

        model.Root.To(device);
        using var optimizer = new Optimizer(model.Root, OptimizerFactory.OptionsFor(spec.Optimizer));
        using var train = DeviceSplits.Upload(data, SplitRole.Train, device);
        using var validation = DeviceSplits.Upload(data, SplitRole.Validation, device);
        using var test = DeviceSplits.Upload(data, SplitRole.Test, device);

        var history = new List<EpochMetrics>();
        var firstEpoch = 1;
        long step = 0;
        if (resumeState is not null)
        {
            checkpoints!.Restore(resumeState, model.Root, optimizer);
            history.AddRange(resumeState.History);
            firstEpoch = resumeState.Epoch + 1;
            step = resumeState.Step;
        }

        var stepsPerEpoch = StepsPerEpoch(train.Count, spec.BatchSize);
        Emit(new StartEvent
        {
            SpecHash = specHash, Device = device.ToString(), Threads = TorchRuntime.Threads, TorchVersion = TorchRuntime.Version,
            Dataset = data.DatasetName, TrainSize = train.Count, ValidationSize = validation.Count, TestSize = test.Count,
            InputShape = plan.Input.Dims, Classes = data.NumClasses, Parameters = model.Root.ParameterCount,
            Epochs = spec.Epochs, StepsPerEpoch = stepsPerEpoch, ResumedFromEpoch = firstEpoch - 1,
        });
        Emit(ModelSummary.EventFor(plan));
        var controls = TrainingControls.For(spec, stepsPerEpoch, resumeState);

        // On a GPU every read of a value is a host sync; read the loss every log_every steps there,
        // and every step on the CPU, where it costs nothing and catches divergence at its step.
        var readEvery = device.IsCuda ? spec.LogEvery : 1;
        for (var epoch = firstEpoch; epoch <= spec.Epochs && !controls.ShouldStop; epoch++)
        {
            var epochStart = _clock.Elapsed.TotalSeconds;
            var pass = TrainEpoch(epoch, ref step, model.Root, optimizer, loss, train, stepsPerEpoch, readEvery, controls, cancellation);
            if (pass.Outcome != RunOutcome.Succeeded)
            {
                return Finish(pass.Outcome, history, model.Root);
            }

            var trainSeconds = _clock.Elapsed.TotalSeconds - epochStart;
            var (valLoss, valScores) = validation.Count > 0 ? Evaluate(model.Root, loss, validation) : (double.NaN, SplitScores.Empty);
            var (testLoss, testScores) = Evaluate(model.Root, loss, test);
            var metrics = new EpochMetrics
            {
                Epoch = epoch,
                Train = pass.Scores.With((Metric.Loss, pass.Loss)),
                Validation = validation.Count > 0 ? valScores.With((Metric.Loss, valLoss)) : null,
                Test = testScores.With((Metric.Loss, testLoss)),
                Lr = optimizer.LearningRate,
                TrainSeconds = trainSeconds, EpochSeconds = _clock.Elapsed.TotalSeconds - epochStart,
                SamplesPerSecond = pass.Samples / Math.Max(trainSeconds, 1e-9),
            };
            history.Add(metrics);
            Emit(new EpochEvent { Epochs = spec.Epochs, Step = step, Metrics = metrics });

            if (!double.IsFinite(valLoss) && validation.Count > 0)
            {
                Emit(new DivergedEvent { Epoch = epoch, Step = step, Loss = valLoss });
                return Finish(RunOutcome.Diverged, history, model.Root);
            }

            foreach (var e in controls.EndEpoch(metrics, history, model.Root, checkpoints))
            {
                Emit(e);
            }

            if (checkpoints is not null)
            {
                var path = checkpoints.Save(specHash, epoch, step, model.Root, optimizer, history, controls.ScheduleState, controls.EarlyStoppingState);
                Emit(new CheckpointEvent { Epoch = epoch, Path = path });
            }
        }

        if (controls.ShouldStop && history.Count > 0 && history[^1].Epoch < spec.Epochs)
        {
            _stoppedEarly = true;
            Emit(controls.StoppedEvent(history[^1].Epoch));
        }

        if (options.CheckpointDirectory is not null)
        {
            Emit(TestEvaluation.Write(options.CheckpointDirectory, data, model.Root, test, history.Count > 0 ? history[^1].Epoch : 0));
        }

        return Finish(RunOutcome.Succeeded, history, model.Root);
    }

    private readonly record struct EpochPass(RunOutcome Outcome, double Loss, SplitScores Scores, long Samples);

    private EpochPass TrainEpoch(int epoch, ref long step, Module model, Optimizer optimizer, LossFunction loss,
        IDeviceSplit train, int stepsPerEpoch, int readEvery, TrainingControls controls, CancellationToken cancellation)
    {
        // Seeded per epoch, so a run resumed from a checkpoint draws the same batches and dropout
        // masks as one that never stopped.
        TorchRuntime.ManualSeed(MixSeed(spec.Seed, epoch));
        var order = new int[train.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new SeededRandom(spec.Seed, (ulong)epoch).Shuffle(order);
        var batchIndex = new long[spec.BatchSize];

        model.Train();
        using var lossSum = Tensor.Zeros(ScalarType.Float32, options.Device, 1);
        using var tally = MetricTally.For(data, options.Device);
        using var intervalSum = Tensor.Zeros(ScalarType.Float32, options.Device, 1);
        var intervalSteps = 0;
        long samples = 0;
        for (var s = 0; s < stepsPerEpoch; s++)
        {
            if (cancellation.IsCancellationRequested)
            {
                Emit(new CanceledEvent { Epoch = epoch, Step = step });
                return new EpochPass(RunOutcome.Canceled, double.NaN, SplitScores.Empty, samples);
            }

            var start = s * spec.BatchSize;
            var size = Math.Min(spec.BatchSize, train.Count - start);
            for (var i = 0; i < size; i++)
            {
                batchIndex[i] = order[start + i];
            }

            var read = (s + 1) % readEvery == 0 || s == stepsPerEpoch - 1;
            var stepLoss = double.NaN;
            controls.BeforeStep(optimizer, epoch, step);
            using (DisposeScope.Enter())
            {
                var index = Tensor.From(batchIndex.AsSpan(0, size), size);
                var (inputs, targets) = controls.TrainingBatch(train, index);
                var output = model.Forward(inputs);
                var value = loss.Compute(output, targets);
                optimizer.ZeroGrad();
                value.Backward();
                optimizer.Step();
                lossSum.Accumulate(value, size);
                intervalSum.Accumulate(value);
                tally.Add(output, targets);
                if (read)
                {
                    stepLoss = value.Item();
                }
            }

            step++;
            samples += size;
            intervalSteps++;
            if (read)
            {
                if (!double.IsFinite(stepLoss))
                {
                    Emit(new DivergedEvent { Epoch = epoch, Step = step, Loss = stepLoss });
                    return new EpochPass(RunOutcome.Diverged, double.NaN, SplitScores.Empty, samples);
                }

                options.Progress?.Invoke(epoch, s + 1, stepsPerEpoch, stepLoss);
            }

            if (step % spec.LogEvery == 0)
            {
                Emit(new BatchEvent { Epoch = epoch, Step = step, Loss = intervalSum.Item() / intervalSteps, Lr = optimizer.LearningRate });
                intervalSum.Accumulate(intervalSum, -1);
                intervalSteps = 0;
            }
        }

        var epochLoss = lossSum.Item() / samples;
        if (!double.IsFinite(epochLoss))
        {
            Emit(new DivergedEvent { Epoch = epoch, Step = step, Loss = epochLoss });
            return new EpochPass(RunOutcome.Diverged, epochLoss, SplitScores.Empty, samples);
        }

        return new EpochPass(RunOutcome.Succeeded, epochLoss, tally.Scores(samples), samples);
    }

    private (double Loss, SplitScores Scores) Evaluate(Module model, LossFunction loss, IDeviceSplit split)
    {
        model.Eval();
        using var noGrad = TorchRuntime.NoGrad();
        using var lossSum = Tensor.Zeros(ScalarType.Float32, options.Device, 1);
        using var tally = MetricTally.For(data, options.Device);
        var batch = Math.Max(spec.BatchSize, 1000);
        for (var start = 0; start < split.Count; start += batch)
        {
            var size = Math.Min(batch, split.Count - start);
            using var scope = DisposeScope.Enter();
            var (inputs, targets) = split.Slice(start, size);
            var output = model.Forward(inputs);
            lossSum.Accumulate(loss.Compute(output, targets), size);
            tally.Add(output, targets);
        }

        return (lossSum.Item() / split.Count, tally.Scores(split.Count));
    }

    private TrainingResult Finish(RunOutcome outcome, List<EpochMetrics> history, Module model)
    {
        var metrics = FinalMetrics.From(history, model.ParameterCount, _clock.Elapsed.TotalSeconds, _stoppedEarly);
        if (outcome == RunOutcome.Succeeded)
        {
            Emit(new FinalEvent { Status = FinalEvent.Succeeded, Metrics = metrics });
        }

        return new TrainingResult(outcome, history, metrics);
    }

    private void Emit(RunEvent e) => emit(e with { Time = Math.Round(_clock.Elapsed.TotalSeconds, 4) });

    /// <summary>A final batch of one example is dropped: BatchNorm cannot train on it, and it moves nothing.</summary>
    public static int StepsPerEpoch(int count, int batchSize) =>
        count % batchSize == 1 && count > 1 ? count / batchSize : (count + batchSize - 1) / batchSize;

    private static ulong MixSeed(int seed, int epoch)
    {
        // SplitMix64's finalizer: neighbouring (seed, epoch) pairs get unrelated torch seeds.
        var z = ((ulong)seed * 0x9E3779B97F4A7C15UL) + (ulong)epoch;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
