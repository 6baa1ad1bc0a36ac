using Ablation.Contracts.Specs;

namespace Ablation.Contracts.Models;

/// <summary>
/// Turns the model part of a run spec into a <see cref="ModelPlan"/> for a given input shape and
/// number of outputs. This is where the block-order permutation lives: a cnn block is laid out in
/// exactly the order of <c>block_order</c>, and the shapes that follow are inferred.
/// </summary>
public static class ModelPlanner
{
    public static ModelPlan Plan(ModelSpec spec, Shape input, int outputs) => spec.Family switch
    {
        "mlp" => Mlp(spec, input, outputs),
        "cnn" => Cnn(spec, input, outputs),
        "lenet" => LeNet(spec, input, outputs),
        "resnet" => ResNet(spec, input, outputs),
        _ => throw new SpecException("model.family", $"unknown value '{spec.Family}' (expected one of {string.Join(", ", Vocabulary.Families)})"),
    };

    /// <summary>Dropout before classifier layers: explicit head_dropout, else the dropout rate when no conv block uses it.</summary>
    private static double HeadDropout(ModelSpec spec, bool blocksUseDropout) =>
        spec.HeadDropout ?? (blocksUseDropout ? 0 : spec.Dropout);

    private static ModelPlan Mlp(ModelSpec spec, Shape input, int outputs)
    {
        var b = new PlanBuilder(input) { Field = "model.hidden_sizes" };
        b.Flatten();
        foreach (var width in spec.HiddenSizes)
        {
            b.Linear(width);
            if (spec.BatchNorm)
            {
                b.BatchNorm(spec.BnEps, spec.BnMomentum);
            }

            b.Act(spec.Activation, spec.LeakySlope);
            b.Dropout(spec.Dropout);
        }

        b.Linear(outputs);
        return new ModelPlan("mlp", input, b.Layers, outputs);
    }

    private static ModelPlan Cnn(ModelSpec spec, Shape input, int outputs)
    {
        var b = new PlanBuilder(input) { Field = "model.conv_channels" };
        var padding = spec.Padding ?? spec.KernelSize / 2;
        var poolStride = spec.PoolStride ?? spec.PoolKernel;
        foreach (var channels in spec.ConvChannels)
        {
            foreach (var layer in spec.BlockOrder)
            {
                switch (layer)
                {
                    case "conv":
                        b.Conv(channels, spec.KernelSize, spec.Stride, padding);
                        break;
                    case "bn" when spec.BatchNorm:
                        b.BatchNorm(spec.BnEps, spec.BnMomentum);
                        break;
                    case "act":
                        b.Act(spec.Activation, spec.LeakySlope);
                        break;
                    case "pool" when spec.Pool != "none":
                        b.Pool(spec.Pool, spec.PoolKernel, poolStride);
                        break;
                    case "dropout":
                        b.Dropout(spec.Dropout);
                        break;
                }
            }
        }

        Head(b, spec, outputs, HeadDropout(spec, spec.BlockOrder.Contains("dropout")));
        return new ModelPlan("cnn", input, b.Layers, outputs);
    }

    /// <summary>LeNet-5: 6@5×5 conv, pool, 16@5×5 conv, pool, 120, 84, outputs.</summary>
    private static ModelPlan LeNet(ModelSpec spec, Shape input, int outputs)
    {
        var b = new PlanBuilder(input) { Field = "model.family" };
        var pool = spec.Pool == "none" ? "max" : spec.Pool;
        foreach (var channels in new[] { 6, 16 })
        {
            b.Conv(channels, 5, 1, 0);
            if (spec.BatchNorm)
            {
                b.BatchNorm(spec.BnEps, spec.BnMomentum);
            }

            b.Act(spec.Activation, spec.LeakySlope);
            b.Pool(pool, 2, 2);
        }

        var dropout = spec.HeadDropout ?? spec.Dropout;
        b.Flatten();
        foreach (var width in new[] { 120, 84 })
        {
            b.Dropout(dropout);
            b.Linear(width);
            b.Act(spec.Activation, spec.LeakySlope);
        }

        b.Dropout(dropout);
        b.Linear(outputs);
        return new ModelPlan("lenet", input, b.Layers, outputs);
    }

    /// <summary>
    /// A ResNet-style net: a 3×3 stem, then one stage per conv_channels entry with `depth` basic blocks
    /// each (the first block of every later stage halves the map), global average pool, linear.
    /// </summary>
    private static ModelPlan ResNet(ModelSpec spec, Shape input, int outputs)
    {
        var b = new PlanBuilder(input) { Field = "model.conv_channels" };
        var residual = spec.Residual ?? true;
        b.Conv(spec.ConvChannels[0], 3, 1, 1);
        if (spec.BatchNorm)
        {
            b.BatchNorm(spec.BnEps, spec.BnMomentum);
        }

        b.Act(spec.Activation, spec.LeakySlope);
        for (var stage = 0; stage < spec.ConvChannels.Length; stage++)
        {
            var channels = spec.ConvChannels[stage];
            for (var block = 0; block < spec.Depth; block++)
            {
                var stride = stage > 0 && block == 0 ? 2 : 1;
                var name = $"stage{stage + 1}.block{block + 1}";
                var inShape = b.Current;

                void BasicBlock(PlanBuilder target)
                {
                    target.Conv(channels, 3, stride, 1);
                    if (spec.BatchNorm)
                    {
                        target.BatchNorm(spec.BnEps, spec.BnMomentum);
                    }

                    target.Act(spec.Activation, spec.LeakySlope);
                    target.Conv(channels, 3, 1, 1);
                    if (spec.BatchNorm)
                    {
                        target.BatchNorm(spec.BnEps, spec.BnMomentum);
                    }
                }

                if (!residual)
                {
                    // The same layers without shortcuts: the plain-net baseline of a residual ablation.
                    BasicBlock(b);
                }
                else
                {
                    var body = new PlanBuilder(inShape, name + ".") { Field = b.Field };
                    BasicBlock(body);
                    IReadOnlyList<LayerPlan>? shortcut = null;
                    if (stride != 1 || inShape.Channels != channels)
                    {
                        var projection = new PlanBuilder(inShape, name + ".shortcut.") { Field = b.Field };
                        projection.Conv(channels, 1, stride, 0);
                        if (spec.BatchNorm)
                        {
                            projection.BatchNorm(spec.BnEps, spec.BnMomentum);
                        }

                        shortcut = projection.Layers;
                    }

                    b.Residual(name, body.Layers, shortcut);
                }

                b.Act(spec.Activation, spec.LeakySlope);
            }
        }

        b.GlobalAvgPool();
        b.Flatten();
        b.Dropout(spec.HeadDropout ?? spec.Dropout);
        b.Linear(outputs);
        return new ModelPlan("resnet", input, b.Layers, outputs);
    }

    /// <summary>Flatten, then hidden_sizes linear layers with activation, then the output layer.</summary>
    private static void Head(PlanBuilder b, ModelSpec spec, int outputs, double dropout)
    {
        b.Field = "model.hidden_sizes";
        b.Flatten();
        foreach (var width in spec.HiddenSizes)
        {
            b.Dropout(dropout);
            b.Linear(width);
            b.Act(spec.Activation, spec.LeakySlope);
        }

        b.Dropout(dropout);
        b.Linear(outputs);
    }
}
