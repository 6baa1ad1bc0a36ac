namespace Ablation.Contracts.Specs;

/// <summary>The allowed values of every enumerated run-spec field.</summary>
public static class Vocabulary
{
    public static readonly string[] Families = ["mlp", "cnn", "lenet", "resnet"];
    public static readonly string[] Activations = ["relu", "gelu", "sigmoid", "tanh", "leaky_relu"];
    public static readonly string[] BlockLayers = ["conv", "bn", "act", "pool", "dropout"];
    public static readonly string[] Pools = ["max", "avg", "none"];
    public static readonly string[] Losses = ["cross_entropy", "euclidean", "hinge", "mse", "mae", "huber"];
    public static readonly string[] Optimizers = ["sgd", "adam", "adamw", "rmsprop", "adagrad"];
    public static readonly string[] Normalizations = ["standard", "none"];
    public static readonly string[] LabelSets = ["fine", "coarse"];
    public static readonly string[] Precisions = ["fp32"];
    public static readonly string[] Schedules = ["none", "step", "cosine", "exponential", "plateau"];

    /// <summary>What the plateau schedule and early stopping watch: val_loss is minimised, val_accuracy maximised.</summary>
    public static readonly string[] MonitorMetrics = ["val_loss", "val_accuracy"];

    /// <summary>Losses that need a regression target; every other loss is a classification loss.</summary>
    public static readonly string[] RegressionLosses = ["mse", "mae", "huber"];

    /// <summary>The tasks of a table (data.task).</summary>
    public static readonly string[] Tasks = ["classification", "regression"];
}
