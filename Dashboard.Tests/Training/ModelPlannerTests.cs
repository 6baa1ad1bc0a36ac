using Ablation.Contracts.Models;
using Ablation.Training.Models;
using Ablation.Contracts.Specs;
using Ablation.Training.Torch;

namespace Ablation.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ModelPlannerTests
{
    private static readonly Shape Cifar = new(3, 32, 32);
    private static readonly Shape Mnist = new(1, 28, 28);

    /// <summary>Study A's CNN: 128 and 64 channels, 3×3 conv without padding, 3×3 max-pool stride 2.</summary>
    private static ModelSpec StudyACnn(params string[] order) => new()
    {
        Family = "cnn", ConvChannels = [128, 64], KernelSize = 3, Padding = 0, BatchNorm = true, Dropout = 0.1,
        Pool = "max", PoolKernel = 3, PoolStride = 2, BlockOrder = order,
    };

    public static TheoryData<string, ModelSpec, Shape> Models() => new()
    {
        { "mlp", new ModelSpec { Family = "mlp", HiddenSizes = [512], BatchNorm = true, Dropout = 0.5 }, Cifar },
        { "mlp-2", new ModelSpec { Family = "mlp", HiddenSizes = [256, 128], Activation = "gelu" }, Mnist },
        { "cnn", StudyACnn("conv", "bn", "act", "dropout", "pool"), Cifar },
        { "cnn-pool-first", StudyACnn("pool", "conv", "bn", "act", "dropout"), Cifar },
        { "cnn-bn-after-act", StudyACnn("conv", "act", "bn", "dropout", "pool"), Cifar },
        { "cnn-head", new ModelSpec { Family = "cnn", ConvChannels = [8], HiddenSizes = [32], Dropout = 0.2, BlockOrder = ["conv", "act", "pool"] }, Mnist },
        { "lenet", new ModelSpec { Family = "lenet", Pool = "avg", Activation = "tanh" }, Cifar },
        { "resnet", new ModelSpec { Family = "resnet", ConvChannels = [8, 16], Depth = 2, BatchNorm = true }, Cifar },
        { "resnet-plain", new ModelSpec { Family = "resnet", ConvChannels = [8, 16], Residual = false }, Mnist },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Summary_MatchesTheShapesAndParametersLibtorchBuilds(string name, ModelSpec spec, Shape input)
    {
        var plan = ModelPlanner.Plan(spec, input, 10);
        using var model = ModelBuilder.Build(plan);

        Assert.Equal(plan.Parameters, model.Root.ParameterCount);
        model.Root.Eval();
        using var scope = DisposeScope.Enter();
        var x = Tensor.Zeros(ScalarType.Float32, Device.Cpu, [2, .. input.Dims.Select(d => (long)d)]);
        foreach (var (layer, module) in model.Layers)
        {
            Assert.Equal(layer.Parameters, module.ParameterCount);
            x = module.Forward(x);
            Assert.True(x.Shape.Skip(1).Select(d => (int)d).SequenceEqual(layer.Output.Dims),
                $"{name}: {layer.Name} planned {layer.Output}, libtorch gave {string.Join("×", x.Shape.Skip(1))}");
        }

        Assert.Equal([2L, 10L], x.Shape);
    }

    [Fact]
    public void StudyACnn_InfersThe1600WideLinearLayer()
    {
        var plan = ModelPlanner.Plan(StudyACnn("conv", "bn", "act", "dropout", "pool"), Cifar, 10);

        var fc = Assert.Single(plan.Layers, l => l.Kind == LayerKind.Linear);
        Assert.Equal(1600, fc.InSize);
    }

    [Fact]
    public void LayerOrderPermutations_EachGetTheirOwnInferredSizes()
    {
        var pooledFirst = ModelPlanner.Plan(StudyACnn("pool", "conv", "bn", "act", "dropout"), Cifar, 10);
        var bnAfterAct = ModelPlanner.Plan(StudyACnn("conv", "act", "bn", "dropout", "pool"), Cifar, 10);

        // 32 →pool 15 →conv 13 →pool 6 →conv 4: 64·4·4.
        Assert.Equal(1024, pooledFirst.Layers.Single(l => l.Kind == LayerKind.Linear).InSize);
        Assert.Equal(1600, bnAfterAct.Layers.Single(l => l.Kind == LayerKind.Linear).InSize);
        // BatchNorm before the first conv normalizes the 3 input channels, not 128.
        var dropoutFirst = ModelPlanner.Plan(StudyACnn("bn", "conv", "act", "pool", "dropout"), Cifar, 10);
        Assert.Equal(3, dropoutFirst.Layers.First(l => l.Kind == LayerKind.BatchNorm2d).InSize);
    }

    [Fact]
    public void BatchNormOff_DropsTheBnLayersOfEveryBlock()
    {
        var spec = StudyACnn("conv", "bn", "act", "dropout", "pool");
        var off = spec with { BatchNorm = false };

        Assert.Equal(2, ModelPlanner.Plan(spec, Cifar, 10).Layers.Count(l => l.Kind == LayerKind.BatchNorm2d));
        Assert.DoesNotContain(ModelPlanner.Plan(off, Cifar, 10).Layers, l => l.Kind == LayerKind.BatchNorm2d);
    }

    [Fact]
    public void DropoutOutsideTheBlockOrder_GoesBeforeTheClassifier()
    {
        var spec = new ModelSpec { Family = "cnn", ConvChannels = [4], Dropout = 0.3, BlockOrder = ["conv", "act", "pool"] };

        var layers = ModelPlanner.Plan(spec, Mnist, 10).Layers;

        Assert.Equal(LayerKind.Dropout, layers[^2].Kind);
        Assert.Equal(0.3, layers[^2].P);
    }

    [Fact]
    public void PoolThatShrinksBelowOnePixel_IsRefusedNamingTheLayer()
    {
        var spec = new ModelSpec { Family = "cnn", ConvChannels = [8, 8, 8, 8, 8, 8] };

        var e = Assert.Throws<SpecException>(() => ModelPlanner.Plan(spec, Mnist, 10));

        // 28 → 14 → 7 → 3 → 1 → pool5 has nothing left to halve.
        Assert.Contains("pool5", e.Message);
        Assert.Contains("1×1", e.Message);
        Assert.StartsWith("model.conv_channels", e.Message);
    }

    [Fact]
    public void KernelLargerThanTheMap_IsRefusedNamingTheLayer()
    {
        var spec = new ModelSpec { Family = "cnn", ConvChannels = [4, 4, 4], KernelSize = 7, Padding = 0, Pool = "none" };

        var e = Assert.Throws<SpecException>(() => ModelPlanner.Plan(spec, new Shape(1, 16, 16), 10));

        // 16 → 10 → 4: conv3's 7×7 kernel does not fit.
        Assert.Contains("conv3", e.Message);
        Assert.Contains("7×7", e.Message);
    }

    [Fact]
    public void ResNet_UsesAProjectionShortcutOnlyWhereShapesChange()
    {
        var spec = new ModelSpec { Family = "resnet", ConvChannels = [8, 16], Depth = 2, BatchNorm = true };

        var blocks = ModelPlanner.Plan(spec, Cifar, 10).Layers.Where(l => l.Kind == LayerKind.Residual).ToList();

        Assert.Equal(4, blocks.Count);
        Assert.Equal([false, false, true, false], blocks.Select(b => b.Shortcut is not null));
        Assert.Equal(new Shape(16, 16, 16), blocks[2].Output);
    }
}
