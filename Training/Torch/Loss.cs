namespace Ablation.Training.Torch;

public enum LossKind
{
    CrossEntropy = 0,
    Mse = 1,
    L1 = 2,
    SmoothL1 = 3,
    MultiMargin = 4,
    Euclidean = 5,
}

public static class Loss
{
    /// <summary>
    /// Mean loss over the batch. <paramref name="parameter"/> is the label smoothing (cross-entropy),
    /// the beta (smooth L1) or the margin (multi-class margin); other kinds ignore it.
    /// </summary>
    public static Tensor Compute(LossKind kind, Tensor input, Tensor target, double parameter = 0)
    {
        NativeMethods.Check(NativeMethods.Loss((int)kind, input.Handle, target.Handle, parameter, out var h));
        return new Tensor(h);
    }
}
