using Ablation.Contracts.Metrics;
using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

/// <summary>
/// Sums a split's scores batch by batch, for the task of the data: every <see cref="Metric"/> of
/// that task but the loss, which the trainer sums itself.
/// </summary>
internal abstract class MetricTally : IDisposable
{
    public static MetricTally For(ITrainingData data, Device device) => data is TabularData { IsRegression: true } table
        ? new RegressionTally(table.TargetStd)
        : new ClassificationTally(device);

    /// <summary>Adds one batch: the model's outputs and the batch's targets.</summary>
    public abstract void Add(Tensor output, Tensor targets);

    /// <summary>The scores over the <paramref name="count"/> examples added.</summary>
    public abstract SplitScores Scores(long count);

    public virtual void Dispose()
    {
    }
}

/// <summary>Counts correct argmax predictions on the device: one host read per split, not per batch.</summary>
internal sealed class ClassificationTally(Device device) : MetricTally
{
    private readonly Tensor _correct = Tensor.Zeros(ScalarType.Int64, device, 1);

    public override void Add(Tensor output, Tensor targets) => _correct.AccumulateCorrect(output, targets);

    public override SplitScores Scores(long count) => SplitScores.Of((Metric.Accuracy, count == 0 ? double.NaN : _correct.Item() / count));

    public override void Dispose() => _correct.Dispose();
}

/// <summary>
/// Sums squared and absolute errors and the targets' moments on the host, in doubles. Tables are
/// small and their nets tiny, so copying each batch's outputs costs nothing next to the step.
/// Targets are standardized: errors are scaled back by the target's std, and R² needs no scaling.
/// </summary>
internal sealed class RegressionTally(double targetStd) : MetricTally
{
    private double _squaredErrors;
    private double _absoluteErrors;
    private double _sum;
    private double _sumOfSquares;
    private long _count;

    public override void Add(Tensor output, Tensor targets)
    {
        var predicted = output.ToFloatArray();
        var actual = targets.ToFloatArray();
        if (predicted.Length != actual.Length)
        {
            throw new InvalidOperationException($"a regression model gave {predicted.Length} outputs for {actual.Length} targets");
        }

        for (var i = 0; i < actual.Length; i++)
        {
            double error = predicted[i] - actual[i];
            _squaredErrors += error * error;
            _absoluteErrors += Math.Abs(error);
            _sum += actual[i];
            _sumOfSquares += (double)actual[i] * actual[i];
        }

        _count += actual.Length;
    }

    public override SplitScores Scores(long count)
    {
        if (_count == 0)
        {
            return SplitScores.Of((Metric.Mse, double.NaN), (Metric.Mae, double.NaN), (Metric.R2, double.NaN));
        }

        var totalSquares = _sumOfSquares - (_sum * _sum / _count);
        return SplitScores.Of(
            (Metric.Mse, _squaredErrors / _count * targetStd * targetStd),
            (Metric.Mae, _absoluteErrors / _count * targetStd),
            (Metric.R2, totalSquares > 1e-12 ? 1 - (_squaredErrors / totalSquares) : double.NaN));
    }
}
