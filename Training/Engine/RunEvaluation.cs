using System.Text.Json;
using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

/// <summary>
/// The per-run evaluation on the test split with the final weights, written to the run folder's
/// <c>evaluation.json</c> for the dashboard's run page: a confusion matrix, per-class accuracy and
/// a few test images for classifiers; (true, predicted) pairs with MSE, MAE and R² for regression.
/// The file is written to a temporary name and renamed, so a reader never sees half of it.
/// </summary>
internal static class RunEvaluation
{
    public const string FileName = "evaluation.json";

    /// <summary>Test images kept for the gallery.</summary>
    public const int MaxSamples = 32;

    /// <summary>Pairs kept for the scatter; the metrics use every test row.</summary>
    public const int MaxPairs = 2000;

    public static EvaluationEvent Write(string directory, ITrainingData data, Module model, IDeviceSplit test, int epoch)
    {
        var (outputs, width) = Predict(model, test);
        var regression = data is TabularData { IsRegression: true };
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, FileName));
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream))
        {
            if (regression)
            {
                WriteRegression(json, (TabularData)data, outputs, epoch);
            }
            else
            {
                WriteClassification(json, data, outputs, width, epoch);
            }
        }

        File.Move(temporary, path, overwrite: true);
        return new EvaluationEvent { Kind = regression ? TabularTask.Regression : TabularTask.Classification, Path = path };
    }

    /// <summary>Evenly spaced positions in [0, count): deterministic, and spread over the whole split.</summary>
    public static int[] Spread(int count, int max) =>
        Enumerable.Range(0, Math.Min(count, max)).Select(i => (int)((long)i * count / Math.Min(count, max))).ToArray();

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

    private static void WriteClassification(Utf8JsonWriter json, ITrainingData data, float[] outputs, int width, int epoch)
    {
        var labels = data switch
        {
            LoadedData images => images.Test.Labels,
            TabularData table => table.Test.Labels!,
            _ => throw new ArgumentException($"no labels for {data.GetType().Name}", nameof(data)),
        };
        var classes = data.NumClasses;
        var predicted = new int[labels.Length];
        var confusion = new long[classes, classes];
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
            confusion[labels[i], best]++;
        }

        json.WriteStartObject();
        json.WriteString("kind", TabularTask.Classification);
        json.WriteString("split", "test");
        json.WriteNumber("epoch", epoch);
        json.WriteStartArray("class_names");
        foreach (var name in data.ClassNames)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteStartArray("confusion");
        for (var t = 0; t < classes; t++)
        {
            json.WriteStartArray();
            for (var p = 0; p < classes; p++)
            {
                json.WriteNumberValue(confusion[t, p]);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("per_class_accuracy");
        for (var t = 0; t < classes; t++)
        {
            long total = 0;
            for (var p = 0; p < classes; p++)
            {
                total += confusion[t, p];
            }

            // A class without test examples has no accuracy: null, not 0.
            if (total == 0)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteNumberValue(confusion[t, t] / (double)total);
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("sample_shape");
        foreach (var d in data.InputShape)
        {
            json.WriteNumberValue(d);
        }

        json.WriteEndArray();
        json.WriteStartArray("samples");
        if (data is LoadedData imageData)
        {
            foreach (var i in Spread(labels.Length, MaxSamples))
            {
                json.WriteStartObject();
                json.WriteNumber("index", i);
                json.WriteNumber("label", labels[i]);
                json.WriteNumber("predicted", predicted[i]);
                json.WriteBase64String("pixels", imageData.Test.Sample(i));
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRegression(Utf8JsonWriter json, TabularData table, float[] outputs, int epoch)
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
        json.WriteStartObject();
        json.WriteString("kind", TabularTask.Regression);
        json.WriteString("split", "test");
        json.WriteNumber("epoch", epoch);
        json.WriteString("target", table.TargetName);
        json.WriteStartArray("pairs");
        foreach (var i in Spread(targets.Length, MaxPairs))
        {
            json.WriteStartArray();
            WriteNumber(json, actual[i]);
            WriteNumber(json, predicted[i]);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WritePropertyName("mse");
        WriteNumber(json, squared / n);
        json.WritePropertyName("mae");
        WriteNumber(json, absolute / n);
        json.WritePropertyName("r2");
        WriteNumber(json, total > 1e-12 ? 1 - (squared / total) : double.NaN);
        json.WriteEndObject();
    }

    // As everywhere in the worker's output, numbers JSON cannot hold are written as strings.
    private static void WriteNumber(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
