using Ablation.Contracts.Evaluation;
using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;
using Ablation.Contracts.Specs;
using Ablation.Dashboard.Services.Evaluation;
using Ablation.Tests.Data;
using Ablation.Training.Engine;
using Ablation.Training.Torch;
using Ablation.Training.Worker;

namespace Ablation.Tests.Training;

/// <summary>The worker's evaluation.json for an image classifier, read back the way the run page reads it.</summary>
[Collection(TorchCollection.Name)]
public sealed class EvaluationFileTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public EvaluationFileTests() => ToyData.Write(_root.Path);

    public void Dispose() => _root.Dispose();

    private (TrainingResult Result, List<RunEvent> Events) Train(string directory)
    {
        var run = PreparedRun.Prepare(SpecReader.Parse(ToyData.SpecJson(epochs: 2)), _root.Path);
        var events = new List<RunEvent>();
        var trainer = new Trainer(run.Spec, run.Data, run.Plan, new TrainerOptions { Device = Device.Cpu, CheckpointDirectory = directory }, events.Add);
        return (trainer.Run(CancellationToken.None), events);
    }

    [Fact]
    public void Classifier_WritesConfusionPerClassAccuracyAndSamples()
    {
        var (result, events) = Train(_root.Combine("a"));

        var written = Assert.IsType<EvaluationEvent>(events[^2]);
        Assert.Equal(EvaluationKind.Classification, written.Kind);
        var evaluation = RunEvaluationReader.Read(_root.Combine("a"));
        Assert.Null(evaluation.Problem);
        var e = evaluation.Evaluation!;
        Assert.Equal(2, e.Epoch);
        Assert.Equal(["0", "1", "2", "3"], e.ClassNames);
        Assert.Equal(160, e.Confusion.Sum(r => r.Sum()));
        var correct = Enumerable.Range(0, 4).Sum(i => e.Confusion[i][i]);
        Assert.Equal(result.Metrics["test_accuracy"]!.Value, correct / 160.0, 6);
        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(e.Confusion[c][c] / (double)e.Confusion[c].Sum(), e.PerClassAccuracy[c]!.Value, 9);
        }

        Assert.Equal([1, 12, 12], e.SampleShape);
        Assert.Equal(32, e.Samples.Count);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => i * 5), e.Samples.Select(s => s.Index)); // 160 test images, evenly spread
        Assert.All(e.Samples, s => Assert.Equal(144, s.Pixels.Length));
    }

    [Fact]
    public void Samples_AreTheSameTestImagesInEveryRun()
    {
        Train(_root.Combine("a"));
        Train(_root.Combine("b"));

        var a = RunEvaluationReader.Read(_root.Combine("a")).Evaluation!;
        var b = RunEvaluationReader.Read(_root.Combine("b")).Evaluation!;

        Assert.Equal(a.Samples.Select(s => (s.Index, s.Label)), b.Samples.Select(s => (s.Index, s.Label)));
        Assert.Equal(a.Samples[5].Pixels, b.Samples[5].Pixels);
    }
}
