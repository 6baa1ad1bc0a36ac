using Ablation.Training.Torch;

namespace Ablation.Tests.Training;

/// <summary>The native losses against values worked out by hand for a two-row batch.</summary>
[Collection(TorchCollection.Name)]
public sealed class LossFunctionTests
{
    // Two rows of three class scores; targets 0 and 2.
    private static readonly float[] _logits = [2f, 0f, -1f, 0.5f, 1f, 3f];
    private static readonly long[] _labels = [0, 2];

    private static double Compute(LossKind kind, double parameter = 0)
    {
        using var scope = DisposeScope.Enter();
        var input = Tensor.From(_logits, 2, 3);
        var target = Tensor.From(_labels, 2);
        return Loss.Compute(kind, input, target, parameter).Item();
    }

    private static double LogSumExp(params double[] x) => Math.Log(x.Sum(Math.Exp));

    [Fact]
    public void Euclidean_IsHalfTheSquaredDistanceToOneHot_MeanOverRows()
    {
        // Row 1: (2-1)² + 0² + (-1)² = 2; row 2: 0.5² + 1² + (3-1)² = 5.25; 0.5·Σ, mean over 2 rows.
        var expected = ((0.5 * 2) + (0.5 * 5.25)) / 2;

        Assert.Equal(expected, Compute(LossKind.Euclidean), 5);
    }

    [Fact]
    public void Hinge_WithMargin5_SumsTheViolatedMarginsOverClasses()
    {
        // Multi-class margin: Σ_{j≠y} max(0, m − x_y + x_j) / classes, mean over rows.
        // Row 1 (y=0, x_y=2): max(0, 5−2+0)=3, max(0, 5−2−1)=2 → 5/3. Row 2 (y=2, x_y=3): 5−3+0.5=2.5, 5−3+1=3 → 5.5/3.
        var expected = ((5.0 / 3) + (5.5 / 3)) / 2;

        Assert.Equal(expected, Compute(LossKind.MultiMargin, 5), 5);
        // With the default margin 1: row 1: max(0, 1−2+0)=0, max(0, 1−2−1)=0; row 2: max(0, 1−3+0.5)=0, max(0, 1−3+1)=0.
        Assert.Equal(0, Compute(LossKind.MultiMargin, 1), 6);
    }

    [Fact]
    public void CrossEntropy_WithAndWithoutLabelSmoothing()
    {
        var row1 = LogSumExp(2, 0, -1);
        var row2 = LogSumExp(0.5, 1, 3);
        var plain = ((row1 - 2) + (row2 - 3)) / 2;
        // Smoothing ε: the target is (1−ε)·onehot + ε/K, so the loss is (1−ε)·NLL + ε·mean over classes of −log p.
        const double epsilon = 0.1;
        var uniform1 = new[] { 2.0, 0, -1 }.Average(x => row1 - x);
        var uniform2 = new[] { 0.5, 1, 3 }.Average(x => row2 - x);
        var smoothed = (((1 - epsilon) * (row1 - 2)) + (epsilon * uniform1) + ((1 - epsilon) * (row2 - 3)) + (epsilon * uniform2)) / 2;

        Assert.Equal(plain, Compute(LossKind.CrossEntropy), 5);
        Assert.Equal(smoothed, Compute(LossKind.CrossEntropy, epsilon), 5);
    }

    [Fact]
    public void RegressionLosses_OnOneOutputPerRow()
    {
        using var scope = DisposeScope.Enter();
        var output = Tensor.From([1f, 4f, -2f], 3, 1);
        var target = Tensor.From([0f, 1f, -2.5f], 3);

        // Errors 1, 3, 0.5.
        Assert.Equal((1 + 9 + 0.25) / 3, Loss.Compute(LossKind.Mse, output, target).Item(), 5);
        Assert.Equal((1 + 3 + 0.5) / 3, Loss.Compute(LossKind.L1, output, target).Item(), 5);
        // Huber (smooth L1) with beta 1: 0.5·e²/β below β, e − 0.5·β above: 0.5, 2.5, 0.125.
        Assert.Equal((0.5 + 2.5 + 0.125) / 3, Loss.Compute(LossKind.SmoothL1, output, target, 1).Item(), 5);
    }
}
