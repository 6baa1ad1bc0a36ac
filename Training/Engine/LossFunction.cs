using Ablation.Contracts.Specs;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

/// <summary>The spec's loss name mapped onto the native loss and its one parameter.</summary>
internal sealed record LossFunction(LossKind Kind, double Parameter)
{
    public static LossFunction For(LossSpec spec) => spec.Name switch
    {
        "cross_entropy" => new(LossKind.CrossEntropy, spec.LabelSmoothing),
        "euclidean" => new(LossKind.Euclidean, 0),
        "hinge" => new(LossKind.MultiMargin, spec.Margin),
        "mse" => new(LossKind.Mse, 0),
        "mae" => new(LossKind.L1, 0),
        "huber" => new(LossKind.SmoothL1, spec.Beta),
        _ => throw new SpecException("loss.name", $"unknown value '{spec.Name}'"),
    };

    public Tensor Compute(Tensor output, Tensor target) => Loss.Compute(Kind, output, target, Parameter);
}
