using System.Text.Json.Serialization;

namespace Ablation.Training.Specs;

// The run-spec vocabulary (docs/run-spec.md). Property names are the contract between the UI, the
// database and the worker; JSON uses snake_case and unknown fields are refused.

public sealed record RunSpec
{
    public DataSpec Data { get; init; } = new();
    public ModelSpec Model { get; init; } = new();
    public LossSpec Loss { get; init; } = new();
    public OptimizerSpec Optimizer { get; init; } = new();
    public int BatchSize { get; init; } = 128;
    public int Epochs { get; init; } = 10;
    public int Seed { get; init; } = 1;
    public string Device { get; init; } = "auto";
    public string Precision { get; init; } = "fp32";

    /// <summary>Emit the mean batch loss every this many optimizer steps.</summary>
    public int LogEvery { get; init; } = 50;

    /// <summary>Intra-op threads for libtorch; null leaves the configured or library default.</summary>
    public int? Threads { get; init; }
}

public sealed record DataSpec
{
    public string Dataset { get; init; } = "";
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>"standard": per-channel mean and std of the training split; "none": pixels / 255.</summary>
    public string Normalization { get; init; } = "standard";

    /// <summary>Use at most this many training examples (taken before the validation split).</summary>
    public int? Subset { get; init; }

    public int? TestSubset { get; init; }
}

public sealed record ModelSpec
{
    public string Family { get; init; } = "";
    public int[] HiddenSizes { get; init; } = [];
    public int[] ConvChannels { get; init; } = [32, 64];
    public int KernelSize { get; init; } = 3;

    /// <summary>Conv padding; null means kernel_size / 2 ("same" for odd kernels at stride 1).</summary>
    public int? Padding { get; init; }

    public int Stride { get; init; } = 1;

    /// <summary>resnet: residual blocks per stage.</summary>
    public int Depth { get; init; } = 1;

    public bool BatchNorm { get; init; }
    public double BnEps { get; init; } = 1e-5;
    public double BnMomentum { get; init; } = 0.1;
    public double Dropout { get; init; }

    /// <summary>Dropout before each classifier linear layer; null: the dropout rate when block_order has no dropout, else 0.</summary>
    public double? HeadDropout { get; init; }

    public string Activation { get; init; } = "relu";
    public double LeakySlope { get; init; } = 0.01;
    public string[] BlockOrder { get; init; } = ["conv", "bn", "act", "pool", "dropout"];
    public string Pool { get; init; } = "max";
    public int PoolKernel { get; init; } = 2;

    /// <summary>null means pool_kernel.</summary>
    public int? PoolStride { get; init; }

    /// <summary>resnet: add the shortcut (default true); false gives the same net without shortcuts.</summary>
    public bool? Residual { get; init; }

    /// <summary>Weights of linear and conv layers from N(0, std²); null keeps libtorch's default init.</summary>
    public double? InitStd { get; init; }
}

public sealed record LossSpec
{
    public string Name { get; init; } = "cross_entropy";
    public double LabelSmoothing { get; init; }

    /// <summary>Margin of the multi-class hinge loss.</summary>
    public double Margin { get; init; } = 1.0;

    /// <summary>Beta of the huber / smooth L1 loss.</summary>
    public double Beta { get; init; } = 1.0;
}

public sealed record OptimizerSpec
{
    public string Name { get; init; } = "adam";
    public double Lr { get; init; } = 1e-3;
    public double Momentum { get; init; }
    public bool Nesterov { get; init; }
    public double WeightDecay { get; init; }
    public double[] Betas { get; init; } = [0.9, 0.999];
    public double Eps { get; init; } = 1e-8;
    public double Alpha { get; init; } = 0.99;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(RunSpec))]
internal sealed partial class SpecJsonContext : JsonSerializerContext;
