namespace Ablation.Contracts.Models;

public enum LayerKind
{
    Flatten,
    Linear,
    Conv2d,
    BatchNorm1d,
    BatchNorm2d,
    Dropout,
    Activation,
    MaxPool2d,
    AvgPool2d,
    GlobalAvgPool,
    Residual,
}

/// <summary>
/// One layer of a planned model, with the shapes inferred in C# before libtorch builds anything.
/// A residual layer holds its body and (projection) shortcut as nested plans.
/// </summary>
public sealed record LayerPlan
{
    public required string Name { get; init; }
    public required LayerKind Kind { get; init; }
    public required Shape Input { get; init; }
    public required Shape Output { get; init; }
    public long Parameters { get; init; }

    // Layer arguments; each kind reads the ones it needs.
    public int InSize { get; init; }
    public int OutSize { get; init; }
    public int Kernel { get; init; }
    public int Stride { get; init; }
    public int Padding { get; init; }
    public double P { get; init; }
    public string Activation { get; init; } = "";
    public double NegativeSlope { get; init; }
    public double Eps { get; init; }
    public double Momentum { get; init; }
    public IReadOnlyList<LayerPlan> Body { get; init; } = [];
    public IReadOnlyList<LayerPlan>? Shortcut { get; init; }

    public string Describe() => Kind switch
    {
        LayerKind.Linear => $"Linear({InSize}→{OutSize})",
        LayerKind.Conv2d => $"Conv2d({InSize}→{OutSize}, k={Kernel}, s={Stride}, p={Padding})",
        LayerKind.BatchNorm1d => $"BatchNorm1d({InSize})",
        LayerKind.BatchNorm2d => $"BatchNorm2d({InSize})",
        LayerKind.Dropout => $"Dropout(p={P})",
        LayerKind.Activation => Activation == "leaky_relu" ? $"LeakyReLU({NegativeSlope})" : Activation switch
        {
            "relu" => "ReLU",
            "gelu" => "GELU",
            "sigmoid" => "Sigmoid",
            "tanh" => "Tanh",
            _ => Activation,
        },
        LayerKind.MaxPool2d => $"MaxPool2d(k={Kernel}, s={Stride}, p={Padding})",
        LayerKind.AvgPool2d => $"AvgPool2d(k={Kernel}, s={Stride}, p={Padding})",
        LayerKind.GlobalAvgPool => "AdaptiveAvgPool2d(1×1)",
        LayerKind.Flatten => "Flatten",
        LayerKind.Residual => Shortcut is null ? "Residual(identity shortcut)" : "Residual(projection shortcut)",
        _ => Kind.ToString(),
    };
}

/// <summary>A model plan: its layers, input and output shapes and parameter count.</summary>
public sealed record ModelPlan(string Family, Shape Input, IReadOnlyList<LayerPlan> Layers, int Outputs)
{
    public Shape Output => Layers.Count > 0 ? Layers[^1].Output : Input;
    public long Parameters => Layers.Sum(l => l.Parameters);
}
