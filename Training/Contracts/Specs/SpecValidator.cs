namespace Ablation.Contracts.Specs;

/// <summary>
/// Checks every field of a spec against the vocabulary and its range. Shapes are checked later by
/// the model planner, which knows the data's input size; whether the device named exists, by the
/// worker when it starts (it asks libtorch).
/// </summary>
public static class SpecValidator
{
    /// <summary>Largest batch, epoch count and layer width accepted; beyond them a typo is far likelier than intent.</summary>
    private const int MaxBatch = 1 << 16;
    private const int MaxEpochs = 100_000;
    private const int MaxWidth = 1 << 16;

    public static IReadOnlyList<SpecProblem> Problems(RunSpec spec)
    {
        var problems = new List<SpecProblem>();
        void Fail(string field, string message) => problems.Add(new SpecProblem(field, message));

        void OneOf(string field, string value, string[] allowed)
        {
            if (!allowed.Contains(value))
            {
                Fail(field, $"unknown value '{value}' (expected one of {string.Join(", ", allowed)})");
            }
        }

        // Non-finite values never come from JSON (JsonTextScanner refuses 1e400), but a spec built in
        // code may hold them, and infinity would pass "greater than 0".
        void Range(string field, double value, double min, double max, bool maxInclusive = true)
        {
            if (!double.IsFinite(value))
            {
                Fail(field, $"{value} is not a finite number");
            }
            else if (value < min || (maxInclusive ? value > max : value >= max))
            {
                Fail(field, $"{value} is out of range [{min}, {max}{(maxInclusive ? "]" : ")")}");
            }
        }

        void Positive(string field, double value)
        {
            if (!double.IsFinite(value))
            {
                Fail(field, $"{value} is not a finite number");
            }
            else if (value <= 0)
            {
                Fail(field, $"{value} must be greater than 0");
            }
        }

        // data
        if (string.IsNullOrWhiteSpace(spec.Data.Dataset))
        {
            Fail("data.dataset", "is required (for example \"fashion-mnist\")");
        }

        Range("data.validation_fraction", spec.Data.ValidationFraction, 0, 1, maxInclusive: false);
        OneOf("data.normalization", spec.Data.Normalization, Vocabulary.Normalizations);
        if (spec.Data.Subset is { } subset && subset < 2)
        {
            Fail("data.subset", $"{subset} must be at least 2");
        }

        if (spec.Data.TestSubset is { } testSubset && testSubset < 1)
        {
            Fail("data.test_subset", $"{testSubset} must be at least 1");
        }

        TableSpecRules.Check(spec.Data, Fail);

        if (spec.Data.ImageSize is { } imageSize)
        {
            Range("data.image_size", imageSize, 4, 512, maxInclusive: true);
        }

        if (spec.Data.Channels is { } channels && channels is not (1 or 3))
        {
            Fail("data.channels", $"{channels} must be 1 (grayscale) or 3 (RGB)");
        }

        OneOf("data.label_set", spec.Data.LabelSet, Vocabulary.LabelSets);

        // model
        var m = spec.Model;
        if (string.IsNullOrWhiteSpace(m.Family))
        {
            Fail("model.family", $"is required (one of {string.Join(", ", Vocabulary.Families)})");
        }
        else
        {
            OneOf("model.family", m.Family, Vocabulary.Families);
        }

        OneOf("model.activation", m.Activation, Vocabulary.Activations);
        OneOf("model.pool", m.Pool, Vocabulary.Pools);
        Range("model.dropout", m.Dropout, 0, 1, maxInclusive: false);
        if (m.HeadDropout is { } headDropout)
        {
            Range("model.head_dropout", headDropout, 0, 1, maxInclusive: false);
        }

        for (var i = 0; i < m.HiddenSizes.Length; i++)
        {
            Range($"model.hidden_sizes[{i}]", m.HiddenSizes[i], 1, MaxWidth);
        }

        for (var i = 0; i < m.ConvChannels.Length; i++)
        {
            Range($"model.conv_channels[{i}]", m.ConvChannels[i], 1, MaxWidth);
        }

        if (m.Family is "cnn" or "resnet" && m.ConvChannels.Length == 0)
        {
            Fail("model.conv_channels", $"a {m.Family} needs at least one entry");
        }

        Range("model.kernel_size", m.KernelSize, 1, 64);
        Range("model.stride", m.Stride, 1, 64);
        if (m.Padding is { } padding)
        {
            Range("model.padding", padding, 0, 64);
        }

        Range("model.pool_kernel", m.PoolKernel, 1, 64);
        if (m.PoolStride is { } poolStride)
        {
            Range("model.pool_stride", poolStride, 1, 64);
        }

        Range("model.depth", m.Depth, 1, 64);
        Positive("model.bn_eps", m.BnEps);
        Range("model.bn_momentum", m.BnMomentum, 0, 1);
        Range("model.leaky_slope", m.LeakySlope, 0, 1);
        if (m.InitStd is { } std)
        {
            Positive("model.init_std", std);
        }

        CheckBlockOrder(m, Fail);
        if (m.Residual == true && m.Family != "resnet")
        {
            Fail("model.residual", $"applies to family resnet, not {m.Family}");
        }

        // loss
        OneOf("loss.name", spec.Loss.Name, Vocabulary.Losses);
        Range("loss.label_smoothing", spec.Loss.LabelSmoothing, 0, 1);
        Positive("loss.margin", spec.Loss.Margin);
        Positive("loss.beta", spec.Loss.Beta);
        if (spec.Loss.LabelSmoothing > 0 && spec.Loss.Name != "cross_entropy")
        {
            Fail("loss.label_smoothing", $"applies only to cross_entropy, not {spec.Loss.Name}");
        }

        // optimizer
        var o = spec.Optimizer;
        OneOf("optimizer.name", o.Name, Vocabulary.Optimizers);
        Positive("optimizer.lr", o.Lr);
        Range("optimizer.momentum", o.Momentum, 0, 1, maxInclusive: false);
        Range("optimizer.weight_decay", o.WeightDecay, 0, 1);
        Positive("optimizer.eps", o.Eps);
        Range("optimizer.alpha", o.Alpha, 0, 1);
        if (o.Betas.Length != 2)
        {
            Fail("optimizer.betas", $"needs exactly 2 values, got {o.Betas.Length}");
        }
        else
        {
            Range("optimizer.betas[0]", o.Betas[0], 0, 1, maxInclusive: false);
            Range("optimizer.betas[1]", o.Betas[1], 0, 1, maxInclusive: false);
        }

        if (o.Nesterov && (o.Name != "sgd" || o.Momentum <= 0))
        {
            Fail("optimizer.nesterov", "needs optimizer sgd with momentum > 0");
        }

        TrainingControlRules.Check(spec, Fail);

        // loop
        Range("batch_size", spec.BatchSize, 1, MaxBatch);
        Range("epochs", spec.Epochs, 1, MaxEpochs);
        Range("log_every", spec.LogEvery, 1, 1_000_000);
        if (spec.Seed < 0)
        {
            Fail("seed", $"{spec.Seed} must not be negative");
        }

        if (spec.Device != DeviceName.Auto && !DeviceName.TryParse(spec.Device, out _))
        {
            Fail("device", $"unknown value '{spec.Device}' (expected auto, cpu, cuda or cuda:N)");
        }

        OneOf("precision", spec.Precision, Vocabulary.Precisions);
        if (spec.Threads is { } threads)
        {
            Range("threads", threads, 1, 1024);
        }

        return problems;
    }

    public static void ThrowIfInvalid(RunSpec spec)
    {
        var problems = Problems(spec);
        if (problems.Count > 0)
        {
            throw new SpecException(problems);
        }
    }

    private static void CheckBlockOrder(ModelSpec m, Action<string, string> fail)
    {
        var order = m.BlockOrder;
        foreach (var layer in order)
        {
            if (!Vocabulary.BlockLayers.Contains(layer))
            {
                fail("model.block_order", $"unknown layer '{layer}' (expected {string.Join(", ", Vocabulary.BlockLayers)})");
                return;
            }
        }

        foreach (var duplicate in order.GroupBy(l => l).Where(g => g.Count() > 1))
        {
            fail("model.block_order", $"'{duplicate.Key}' appears {duplicate.Count()} times");
        }

        if (m.Family == "cnn")
        {
            if (!order.Contains("conv"))
            {
                fail("model.block_order", "must contain 'conv'");
            }

            if (m.BatchNorm && !order.Contains("bn"))
            {
                fail("model.block_order", "has no 'bn' but batch_norm is true (add 'bn' or set batch_norm to false)");
            }
        }
    }
}
