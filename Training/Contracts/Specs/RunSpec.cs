// Properties are settable, not init-only: System.Text.Json's source generator assigns every
// init-only property, replacing the defaults below with null or zero for fields the JSON omits.
using System.Text.Json.Serialization;

namespace Ablation.Contracts.Specs;

// The run-spec vocabulary (docs/run-spec.md). Property names are the contract between the UI, the
// database and the worker; JSON uses snake_case and unknown fields are refused.

public sealed record RunSpec
{
    public DataSpec Data { get; set; } = new();
    public ModelSpec Model { get; set; } = new();
    public LossSpec Loss { get; set; } = new();
    public OptimizerSpec Optimizer { get; set; } = new();
    public ScheduleSpec Schedule { get; set; } = new();
    public EarlyStoppingSpec EarlyStopping { get; set; } = new();
    public int BatchSize { get; set; } = 128;
    public int Epochs { get; set; } = 10;
    public int Seed { get; set; } = 1;
    public string Device { get; set; } = "auto";
    public string Precision { get; set; } = "fp32";

    /// <summary>Emit the mean batch loss every this many optimizer steps.</summary>
    public int LogEvery { get; set; } = 50;

    /// <summary>Intra-op threads for libtorch; null leaves the configured or library default.</summary>
    public int? Threads { get; set; }
}

public sealed record DataSpec
{
    public string Dataset { get; set; } = "";
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>"standard": per-channel mean and std of the training split; "none": pixels / 255.</summary>
    public string Normalization { get; set; } = "standard";

    /// <summary>Use at most this many training examples (taken before the validation split).</summary>
    public int? Subset { get; set; }

    public int? TestSubset { get; set; }

    /// <summary>Training-time augmentation in its compact form ("none", "crop+flip", …; see <see cref="Augmentation"/>).</summary>
    public string Augment { get; set; } = "none";

    /// <summary>Tables: the target column (null: a built-in set's own target, or a CSV's last column).</summary>
    public string? Target { get; set; }

    /// <summary>Tables: "classification" or "regression"; null infers it from the set, the loss and the target.</summary>
    public string? Task { get; set; }

    /// <summary>Tables without a test file: train:validation:test proportions such as [4, 1, 1].</summary>
    public double[]? Split { get; set; }

    /// <summary>Square image side after resizing; null keeps the set's size (64 for image folders).</summary>
    public int? ImageSize { get; set; }

    /// <summary>1 (grayscale) or 3 (RGB); null keeps the set's own (the majority for image folders).</summary>
    public int? Channels { get; set; }

    /// <summary>CIFAR-100: "fine" (100 classes) or "coarse" (20 superclasses).</summary>
    public string LabelSet { get; set; } = "fine";
}

public sealed record ModelSpec
{
    public string Family { get; set; } = "";
    public int[] HiddenSizes { get; set; } = [];
    public int[] ConvChannels { get; set; } = [32, 64];
    public int KernelSize { get; set; } = 3;

    /// <summary>Conv padding; null means kernel_size / 2 ("same" for odd kernels at stride 1).</summary>
    public int? Padding { get; set; }

    public int Stride { get; set; } = 1;

    /// <summary>resnet: residual blocks per stage.</summary>
    public int Depth { get; set; } = 1;

    public bool BatchNorm { get; set; }
    public double BnEps { get; set; } = 1e-5;
    public double BnMomentum { get; set; } = 0.1;
    public double Dropout { get; set; }

    /// <summary>Dropout before each classifier linear layer; null: the dropout rate when block_order has no dropout, else 0.</summary>
    public double? HeadDropout { get; set; }

    public string Activation { get; set; } = "relu";
    public double LeakySlope { get; set; } = 0.01;
    public string[] BlockOrder { get; set; } = ["conv", "bn", "act", "pool", "dropout"];
    public string Pool { get; set; } = "max";
    public int PoolKernel { get; set; } = 2;

    /// <summary>null means pool_kernel.</summary>
    public int? PoolStride { get; set; }

    /// <summary>resnet: add the shortcut (default true); false gives the same net without shortcuts.</summary>
    public bool? Residual { get; set; }

    /// <summary>Weights of linear and conv layers from N(0, std²); null keeps libtorch's default init.</summary>
    public double? InitStd { get; set; }
}

public sealed record LossSpec
{
    public string Name { get; set; } = "cross_entropy";
    public double LabelSmoothing { get; set; }

    /// <summary>Margin of the multi-class hinge loss.</summary>
    public double Margin { get; set; } = 1.0;

    /// <summary>Beta of the huber / smooth L1 loss.</summary>
    public double Beta { get; set; } = 1.0;
}

public sealed record OptimizerSpec
{
    public string Name { get; set; } = "adam";
    public double Lr { get; set; } = 1e-3;
    public double Momentum { get; set; }
    public bool Nesterov { get; set; }
    public double WeightDecay { get; set; }
    public double[] Betas { get; set; } = [0.9, 0.999];
    public double Eps { get; set; } = 1e-8;
    public double Alpha { get; set; } = 0.99;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(RunSpec))]
internal sealed partial class SpecJsonContext : JsonSerializerContext;
