using Ablation.Contracts.Evaluation;
using Ablation.Contracts.Events;
using Ablation.Contracts.Worker;
using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

/// <summary>
/// The per-run evaluation on the test split with the final weights, written to the run folder's
/// <c>evaluation.json</c> (<see cref="RunEvaluation"/>) for the dashboard's run page: a confusion
/// matrix, per-class accuracy and a few test images for classifiers; (true, predicted) pairs with
/// MSE, MAE and R² for regression. The file is written to a temporary name and renamed, so a reader
/// never sees half of it.
/// </summary>
internal static class TestEvaluation
{
    public static EvaluationEvent Write(string directory, ITrainingData data, Module model, IDeviceSplit test, int epoch)
    {
        var (outputs, width) = Predict(model, test);
        var evaluation = data is TabularData { IsRegression: true } table
            ? Regression(table, outputs, epoch)
            : Classification(data, outputs, width, epoch);
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(RunFolder.EvaluationPath(directory));
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, evaluation.ToJson());
        File.Move(temporary, path, overwrite: true);
        return new EvaluationEvent { Kind = evaluation.Kind, Path = path };
    }

    private static (float[] Outputs, int Width) Predict(Module model, IDeviceSplit split)
    {
        model.Eval();
        using var noGrad = TorchRuntime.NoGrad();
        var outputs = new List<float>();
        var width = 0;
        const int batch = 1000;
        for (var start = 0; start < split.Count; start += batch)
        {
            using var scope = DisposeScope.Enter();
            var (inputs, _) = split.Slice(start, Math.Min(batch, split.Count - start));
            var output = model.Forward(inputs);
            width = (int)output.Shape[^1];
            outputs.AddRange(output.ToFloatArray());
        }

        return ([.. outputs], width);
    }

    private static RunEvaluation Classification(ITrainingData data, float[] outputs, int width, int epoch)
    {
        var labels = data switch
        {
            LoadedData images => images.Test.Labels,
            TabularData table => table.Test.Labels!,
            _ => throw new ArgumentException($"no labels for {data.GetType().Name}", nameof(data)),
        };
        var classes = data.NumClasses;
        var predicted = new int[labels.Length];
        var confusion = new long[classes][];
        for (var t = 0; t < classes; t++)
        {
            confusion[t] = new long[classes];
        }

        for (var i = 0; i < labels.Length; i++)
        {
            var best = 0;
            for (var k = 1; k < width; k++)
            {
                if (outputs[(i * width) + k] > outputs[(i * width) + best])
                {
                    best = k;
                }
            }

            predicted[i] = best;
            confusion[labels[i]][best]++;
        }

        // A class without test examples has no accuracy: null, not 0.
        var perClass = confusion.Select((row, t) => row.Sum() is var total and > 0 ? row[t] / (double)total : (double?)null).ToArray();
        var samples = data is LoadedData imageData
            ? RunEvaluation.Spread(labels.Length, RunEvaluation.MaxSamples)
                .Select(i => new EvaluationSample(i, (int)labels[i], predicted[i], imageData.Test.Sample(i).ToArray())).ToArray()
            : [];
        return new RunEvaluation
        {
            Kind = EvaluationKind.Classification,
            Epoch = epoch,
            ClassNames = data.ClassNames,
            Confusion = confusion,
            PerClassAccuracy = perClass,
            SampleShape = data.InputShape,
            Samples = samples,
        };
    }

    private static RunEvaluation Regression(TabularData table, float[] outputs, int epoch)
    {
        var targets = table.Test.Targets!;
        double squared = 0, absolute = 0, sum = 0;
        var actual = new double[targets.Length];
        var predicted = new double[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            actual[i] = table.ToTargetUnits(targets[i]);
            predicted[i] = table.ToTargetUnits(outputs[i]);
            var error = predicted[i] - actual[i];
            squared += error * error;
            absolute += Math.Abs(error);
            sum += actual[i];
        }

        var n = Math.Max(targets.Length, 1);
        var mean = sum / n;
        var total = actual.Sum(a => (a - mean) * (a - mean));
        return new RunEvaluation
        {
            Kind = EvaluationKind.Regression,
            Epoch = epoch,
            Target = table.TargetName,
            Pairs = [.. RunEvaluation.Spread(targets.Length, RunEvaluation.MaxPairs).Select(i => new PredictionPair(actual[i], predicted[i]))],
            Mse = squared / n,
            Mae = absolute / n,
            R2 = total > 1e-12 ? 1 - (squared / total) : double.NaN,
        };
    }
}
