using Ablation.Contracts.Specs;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

internal static class OptimizerFactory
{
    public static OptimizerOptions OptionsFor(OptimizerSpec spec) => new(
        Kind: spec.Name switch
        {
            "sgd" => OptimizerKind.Sgd,
            "adam" => OptimizerKind.Adam,
            "adamw" => OptimizerKind.AdamW,
            "rmsprop" => OptimizerKind.RmsProp,
            "adagrad" => OptimizerKind.Adagrad,
            _ => throw new SpecException("optimizer.name", $"unknown value '{spec.Name}'"),
        },
        Lr: spec.Lr,
        Momentum: spec.Momentum,
        Nesterov: spec.Nesterov,
        WeightDecay: spec.WeightDecay,
        Beta1: spec.Betas[0],
        Beta2: spec.Betas[1],
        // libtorch's own defaults differ per optimizer (Adagrad 1e-10, RMSprop 1e-8): keep the spec's value.
        Eps: spec.Eps,
        Alpha: spec.Alpha);
}
