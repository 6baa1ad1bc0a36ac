using Ablation.Contracts.Specs;

namespace Ablation.Contracts.Models;

/// <summary>
/// Appends layers while tracking the current shape, so every size (a linear layer's input after
/// any block order, a BatchNorm's channels) is inferred, and an impossible layer is refused with
/// the layer's name and the spec value that caused it.
/// </summary>
internal sealed class PlanBuilder(Shape input, string prefix = "")
{
    private readonly List<LayerPlan> _layers = [];
    private readonly Dictionary<LayerKind, int> _counts = [];

    public Shape Current { get; private set; } = input;
    public IReadOnlyList<LayerPlan> Layers => _layers;

    /// <summary>The spec field blamed when a layer cannot be built (set by the family planner).</summary>
    public string Field { get; set; } = "model";

    private string NextName(string stem, LayerKind kind)
    {
        _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        return $"{prefix}{stem}{_counts[kind]}";
    }

    private void Add(LayerPlan layer)
    {
        _layers.Add(layer);
        Current = layer.Output;
    }

    private void RequireImage(string name, string what)
    {
        if (!Current.IsImage)
        {
            throw new SpecException(Field, $"{name} ({what}) needs an image-shaped input, but gets {Current} features");
        }
    }

    private static int OutSize(int size, int kernel, int stride, int padding) => ((size + (2 * padding) - kernel) / stride) + 1;

    public void Conv(int outChannels, int kernel, int stride, int padding)
    {
        var name = NextName("conv", LayerKind.Conv2d);
        RequireImage(name, "Conv2d");
        var (h, w) = (Current.Height + (2 * padding), Current.Width + (2 * padding));
        if (h < kernel || w < kernel)
        {
            throw new SpecException(Field,
                $"{name} (Conv2d k={kernel}, p={padding}) gets a {Current.Height}×{Current.Width} map, smaller than its " +
                $"{kernel}×{kernel} kernel; use fewer conv blocks, a smaller kernel_size or more padding");
        }

        var c = Current.Channels;
        Add(new LayerPlan
        {
            Name = name, Kind = LayerKind.Conv2d, Input = Current,
            Output = new Shape(outChannels, OutSize(Current.Height, kernel, stride, padding), OutSize(Current.Width, kernel, stride, padding)),
            Parameters = ((long)c * outChannels * kernel * kernel) + outChannels,
            InSize = c, OutSize = outChannels, Kernel = kernel, Stride = stride, Padding = padding,
        });
    }

    public void Pool(string pool, int kernel, int stride)
    {
        var kind = pool == "avg" ? LayerKind.AvgPool2d : LayerKind.MaxPool2d;
        var name = NextName("pool", kind == LayerKind.AvgPool2d ? LayerKind.AvgPool2d : LayerKind.MaxPool2d);
        RequireImage(name, kind.ToString());
        var (h, w) = (OutSize(Current.Height, kernel, stride, 0), OutSize(Current.Width, kernel, stride, 0));
        if (Current.Height < kernel || Current.Width < kernel || h < 1 || w < 1)
        {
            throw new SpecException(Field,
                $"{name} ({kind} k={kernel}, s={stride}) would shrink the {Current.Height}×{Current.Width} map below 1×1; " +
                "use fewer conv blocks, a smaller pool_kernel, padding, or pool \"none\"");
        }

        Add(new LayerPlan
        {
            Name = name, Kind = kind, Input = Current, Output = new Shape(Current.Channels, h, w),
            Kernel = kernel, Stride = stride,
        });
    }

    public void BatchNorm(double eps, double momentum)
    {
        var image = Current.IsImage;
        var kind = image ? LayerKind.BatchNorm2d : LayerKind.BatchNorm1d;
        var features = Current.Dims[0];
        Add(new LayerPlan
        {
            Name = NextName("bn", LayerKind.BatchNorm2d), Kind = kind, Input = Current, Output = Current,
            Parameters = 2L * features, InSize = features, Eps = eps, Momentum = momentum,
        });
    }

    public void Act(string activation, double negativeSlope) =>
        Add(new LayerPlan
        {
            Name = NextName("act", LayerKind.Activation), Kind = LayerKind.Activation, Input = Current, Output = Current,
            Activation = activation, NegativeSlope = negativeSlope,
        });

    public void Dropout(double p)
    {
        if (p > 0)
        {
            Add(new LayerPlan { Name = NextName("dropout", LayerKind.Dropout), Kind = LayerKind.Dropout, Input = Current, Output = Current, P = p });
        }
    }

    public void Flatten()
    {
        if (Current.Rank > 1)
        {
            Add(new LayerPlan { Name = NextName("flatten", LayerKind.Flatten), Kind = LayerKind.Flatten, Input = Current, Output = new Shape(checked((int)Current.Elements)) });
        }
    }

    public void GlobalAvgPool()
    {
        var name = NextName("gap", LayerKind.GlobalAvgPool);
        RequireImage(name, "global average pool");
        Add(new LayerPlan { Name = name, Kind = LayerKind.GlobalAvgPool, Input = Current, Output = new Shape(Current.Channels, 1, 1) });
    }

    public void Linear(int outFeatures)
    {
        if (Current.Rank != 1)
        {
            Flatten();
        }

        var inFeatures = Current.Dims[0];
        Add(new LayerPlan
        {
            Name = NextName("fc", LayerKind.Linear), Kind = LayerKind.Linear, Input = Current, Output = new Shape(outFeatures),
            Parameters = ((long)inFeatures * outFeatures) + outFeatures, InSize = inFeatures, OutSize = outFeatures,
        });
    }

    public void Residual(string name, IReadOnlyList<LayerPlan> body, IReadOnlyList<LayerPlan>? shortcut)
    {
        var output = body.Count > 0 ? body[^1].Output : Current;
        var shortcutOutput = shortcut is { Count: > 0 } ? shortcut[^1].Output : Current;
        if (!output.Equals(shortcutOutput))
        {
            throw new SpecException(Field, $"{name}: body gives {output} but the shortcut gives {shortcutOutput}");
        }

        Add(new LayerPlan
        {
            Name = name, Kind = LayerKind.Residual, Input = Current, Output = output,
            Parameters = body.Sum(l => l.Parameters) + (shortcut?.Sum(l => l.Parameters) ?? 0),
            Body = body, Shortcut = shortcut,
        });
    }
}
