namespace Ablation.Contracts.Specs;

/// <summary>
/// The learning-rate schedule (docs/run-spec.md, "Schedules"): one of <see cref="Vocabulary.Schedules"/>,
/// its parameters, and an optional linear warm-up. Parameters that do not apply to the chosen
/// schedule are ignored, so an axis can switch the schedule without touching them.
/// </summary>
public sealed record ScheduleSpec
{
    public string Name { get; set; } = "none";

    /// <summary>step: epochs between decays; null means a third of the epochs (at least 1).</summary>
    public int? StepSize { get; set; }

    /// <summary>step and exponential: the decay factor; null means 0.1 for step and 0.95 for exponential.</summary>
    public double? Gamma { get; set; }

    /// <summary>cosine: the learning rate reached at the end (eta_min); plateau: the floor.</summary>
    public double MinLr { get; set; }

    /// <summary>plateau: the learning rate is multiplied by this when the metric stops improving.</summary>
    public double Factor { get; set; } = 0.1;

    /// <summary>plateau: epochs without improvement tolerated before a reduction.</summary>
    public int Patience { get; set; } = 10;

    /// <summary>plateau: relative improvement that counts (PyTorch's threshold_mode "rel").</summary>
    public double Threshold { get; set; } = 1e-4;

    /// <summary>plateau: epochs to wait after a reduction before counting again.</summary>
    public int Cooldown { get; set; }

    /// <summary>plateau: "val_loss" (minimised) or "val_accuracy" (maximised).</summary>
    public string Metric { get; set; } = "val_loss";

    /// <summary>Linear warm-up over this many epochs (fractions allowed), applied per optimizer step.</summary>
    public double WarmupEpochs { get; set; }
}

/// <summary>Stops a run when a validation metric has not improved for <see cref="Patience"/> epochs.</summary>
public sealed record EarlyStoppingSpec
{
    public bool Enabled { get; set; }

    /// <summary>"val_loss" (minimised) or "val_accuracy" (maximised).</summary>
    public string Metric { get; set; } = "val_loss";

    public int Patience { get; set; } = 5;

    /// <summary>The least change that counts as an improvement.</summary>
    public double MinDelta { get; set; }
}
