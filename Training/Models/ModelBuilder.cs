using Ablation.Contracts.Models;
using Ablation.Training.Torch;

namespace Ablation.Training.Models;

/// <summary>A built model: the root sequential and, for inspection, each planned layer's own module.</summary>
public sealed class BuiltModel : IDisposable
{
    private readonly List<Module> _owned;

    internal BuiltModel(Module root, IReadOnlyList<(LayerPlan Plan, Module Module)> layers, List<Module> owned)
    {
        Root = root;
        Layers = layers;
        _owned = owned;
    }

    public Module Root { get; }
    public IReadOnlyList<(LayerPlan Plan, Module Module)> Layers { get; }

    public void Dispose()
    {
        foreach (var module in _owned)
        {
            module.Dispose();
        }

        Root.Dispose();
    }
}

/// <summary>Builds libtorch modules from a <see cref="ModelPlan"/>; no size is decided here.</summary>
public static class ModelBuilder
{
    public static BuiltModel Build(ModelPlan plan)
    {
        var owned = new List<Module>();
        var root = Module.Sequential();
        var layers = new List<(LayerPlan, Module)>();
        try
        {
            foreach (var layer in plan.Layers)
            {
                var module = Create(layer, owned);
                root.Append(module);
                layers.Add((layer, module));
            }

            return new BuiltModel(root, layers, owned);
        }
        catch
        {
            foreach (var module in owned)
            {
                module.Dispose();
            }

            root.Dispose();
            throw;
        }
    }

    private static Module Create(LayerPlan layer, List<Module> owned)
    {
        var module = layer.Kind switch
        {
            LayerKind.Flatten => Module.Flatten(),
            LayerKind.Linear => Module.Linear(layer.InSize, layer.OutSize),
            LayerKind.Conv2d => Module.Conv2d(layer.InSize, layer.OutSize, layer.Kernel, layer.Stride, layer.Padding),
            LayerKind.BatchNorm1d => Module.BatchNorm1d(layer.InSize, layer.Eps, layer.Momentum),
            LayerKind.BatchNorm2d => Module.BatchNorm2d(layer.InSize, layer.Eps, layer.Momentum),
            LayerKind.Dropout => Module.Dropout(layer.P),
            LayerKind.Activation => Module.Act(ActivationOf(layer.Activation), layer.NegativeSlope),
            LayerKind.MaxPool2d => Module.MaxPool2d(layer.Kernel, layer.Stride, layer.Padding),
            LayerKind.AvgPool2d => Module.AvgPool2d(layer.Kernel, layer.Stride, layer.Padding),
            LayerKind.GlobalAvgPool => Module.AdaptiveAvgPool2d(1, 1),
            LayerKind.Residual => Residual(layer, owned),
            _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.Kind, "unknown layer kind"),
        };
        owned.Add(module);
        return module;
    }

    private static Module Residual(LayerPlan layer, List<Module> owned)
    {
        var body = Stack(layer.Body, owned);
        var shortcut = layer.Shortcut is null ? null : Stack(layer.Shortcut, owned);
        return Module.Residual(body, shortcut);
    }

    private static Module Stack(IReadOnlyList<LayerPlan> layers, List<Module> owned)
    {
        var stack = Module.Sequential();
        owned.Add(stack);
        foreach (var layer in layers)
        {
            stack.Append(Create(layer, owned));
        }

        return stack;
    }

    public static Activation ActivationOf(string name) => name switch
    {
        "relu" => Activation.Relu,
        "gelu" => Activation.Gelu,
        "sigmoid" => Activation.Sigmoid,
        "tanh" => Activation.Tanh,
        "leaky_relu" => Activation.LeakyRelu,
        _ => throw new ArgumentException($"unknown activation '{name}'"),
    };
}
