namespace Ablation.Contracts.Specs;

/// <summary>
/// The checks of the fields that steer training rather than define it: <c>schedule</c>,
/// <c>early_stopping</c> and <c>data.augment</c>. Called by <see cref="SpecValidator"/>, which
/// collects every problem; <see cref="ThrowIfUnfit"/> holds the checks that need the data.
/// </summary>
public static class TrainingControlRules
{
    public static void Check(RunSpec spec, Action<string, string> fail)
    {
        var s = spec.Schedule;
        if (!Vocabulary.Schedules.Contains(s.Name))
        {
            fail("schedule.name", $"unknown value '{s.Name}' (expected one of {string.Join(", ", Vocabulary.Schedules)})");
        }

        if (s.StepSize is { } stepSize && stepSize < 1)
        {
            fail("schedule.step_size", $"{stepSize} must be at least 1");
        }

        if (s.Gamma is { } gamma && !(gamma > 0 && gamma <= 1))
        {
            fail("schedule.gamma", $"{gamma} is out of range (0, 1]");
        }

        if (!(s.MinLr >= 0 && double.IsFinite(s.MinLr)))
        {
            fail("schedule.min_lr", $"{s.MinLr} must not be negative");
        }

        if (!(s.Factor > 0 && s.Factor < 1))
        {
            fail("schedule.factor", $"{s.Factor} is out of range (0, 1)");
        }

        if (s.Patience < 0)
        {
            fail("schedule.patience", $"{s.Patience} must not be negative");
        }

        if (!(s.Threshold >= 0 && double.IsFinite(s.Threshold)))
        {
            fail("schedule.threshold", $"{s.Threshold} must not be negative");
        }

        if (s.Cooldown < 0)
        {
            fail("schedule.cooldown", $"{s.Cooldown} must not be negative");
        }

        if (!Vocabulary.MonitorMetrics.Contains(s.Metric))
        {
            fail("schedule.metric", $"unknown value '{s.Metric}' (expected one of {string.Join(", ", Vocabulary.MonitorMetrics)})");
        }

        if (!(s.WarmupEpochs >= 0 && s.WarmupEpochs <= spec.Epochs))
        {
            fail("schedule.warmup_epochs", $"{s.WarmupEpochs} is out of range [0, {spec.Epochs}] (the run's epochs)");
        }

        var e = spec.EarlyStopping;
        if (!Vocabulary.MonitorMetrics.Contains(e.Metric))
        {
            fail("early_stopping.metric", $"unknown value '{e.Metric}' (expected one of {string.Join(", ", Vocabulary.MonitorMetrics)})");
        }

        if (e.Patience < 1)
        {
            fail("early_stopping.patience", $"{e.Patience} must be at least 1");
        }

        if (!(e.MinDelta >= 0 && double.IsFinite(e.MinDelta)))
        {
            fail("early_stopping.min_delta", $"{e.MinDelta} must not be negative");
        }

        if (!Augmentation.TryParse(spec.Data.Augment, out _, out var error))
        {
            fail("data.augment", error);
        }
    }

    /// <summary>
    /// The checks that need the data: augmentation needs images, and the plateau schedule and early
    /// stopping need a validation split (<paramref name="validationSize"/>; null when not yet known).
    /// </summary>
    public static void ThrowIfUnfit(RunSpec spec, bool inputIsImage, string dataset, int? validationSize)
    {
        var problems = new List<SpecProblem>();
        if (!inputIsImage && !Augmentation.Parse(spec.Data.Augment).IsNone)
        {
            problems.Add(new SpecProblem("data.augment", $"'{spec.Data.Augment}' applies to images, but {dataset} is tabular (use none)"));
        }

        if (validationSize == 0)
        {
            if (spec.Schedule.Name == "plateau")
            {
                problems.Add(new SpecProblem("schedule.name", $"plateau watches {spec.Schedule.Metric}, but the run has no validation split (set data.validation_fraction above 0)"));
            }

            if (spec.EarlyStopping.Enabled)
            {
                problems.Add(new SpecProblem("early_stopping.enabled", $"early stopping watches {spec.EarlyStopping.Metric}, but the run has no validation split (set data.validation_fraction above 0)"));
            }
        }

        if (problems.Count > 0)
        {
            throw new SpecException(problems);
        }
    }
}
