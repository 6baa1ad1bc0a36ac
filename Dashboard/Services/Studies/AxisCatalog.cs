using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Contracts.Specs;

namespace Ablation.Dashboard.Services.Studies;

public enum AxisKind
{
    Boolean,
    Number,
    Integer,
    IntegerList,
    Choice,
    LayerOrder,

    /// <summary>The compact form of data.augment ("none", "crop+flip", "crop:2+flip+rotate:10").</summary>
    Augmentation,
}

/// <summary>An axis the editor offers: its short name, the run-spec field, how its values are typed.</summary>
public sealed record AxisDefinition(string Name, string Title, string Path, AxisKind Kind, string[]? Choices = null, string Example = "")
{
    /// <summary>
    /// Parses the editor's text into axis values: a comma-separated list ("0, 0.25, 0.5", "on, off",
    /// "relu, gelu"); lists and layer orders are separated by "|" ("32 64 | 64 128",
    /// "conv bn act pool | conv act bn pool"). Errors name the value that could not be read.
    /// </summary>
    public IReadOnlyList<JsonNode?> Parse(string text)
    {
        var separator = Kind is AxisKind.IntegerList or AxisKind.LayerOrder ? '|' : ',';
        var parts = text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new StudyException($"axis {Name}", "needs at least one value");
        }

        return parts.Select(ParseOne).ToList();
    }

    private JsonNode? ParseOne(string value)
    {
        JsonNode Fail(string expected) => throw new StudyException($"axis {Name}", $"'{value}' is not {expected}");
        switch (Kind)
        {
            case AxisKind.Boolean:
                return value.ToLowerInvariant() switch
                {
                    "on" or "true" or "yes" or "1" => JsonValue.Create(true),
                    "off" or "false" or "no" or "0" => JsonValue.Create(false),
                    _ => Fail("on or off"),
                };
            case AxisKind.Number:
                // 1e400 parses as infinity, which no run can train with and no JSON can hold.
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? JsonValue.Create(d)
                    : Fail(double.IsFinite(d) ? "a number" : "a finite number");
            case AxisKind.Integer:
                return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i) : Fail("a whole number");
            case AxisKind.IntegerList:
                var items = value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
                var list = new JsonArray();
                foreach (var item in items)
                {
                    list.Add(int.TryParse(item, out var n) ? JsonValue.Create(n) : Fail("a list of whole numbers"));
                }

                return list;
            case AxisKind.LayerOrder:
                var layers = value.Split([' ', ',', '>', '→'], StringSplitOptions.RemoveEmptyEntries);
                foreach (var layer in layers.Where(l => !Vocabulary.BlockLayers.Contains(l)))
                {
                    Fail($"a layer order (layers are {string.Join(", ", Vocabulary.BlockLayers)}; '{layer}' is unknown)");
                }

                return new JsonArray(layers.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
            case AxisKind.Augmentation:
                return Augmentation.TryParse(value, out _, out var error) ? JsonValue.Create(value) : Fail($"an augmentation ({error})");
            default:
                return Choices!.Contains(value) ? JsonValue.Create(value) : Fail($"one of {string.Join(", ", Choices!)}");
        }
    }

    /// <summary>The editor's text for values read back from a saved study (the inverse of <see cref="Parse"/>).</summary>
    public string Format(IReadOnlyList<JsonNode?> values) => Kind switch
    {
        AxisKind.IntegerList or AxisKind.LayerOrder => string.Join(" | ", values.Select(v => string.Join(" ", (v as JsonArray ?? []).Select(x => x?.ToString())))),
        // A file may hold anything here: what is not true or false stays as written, for Parse to name.
        AxisKind.Boolean => string.Join(", ", values.Select(v => v is JsonValue b && b.TryGetValue<bool>(out var on) ? (on ? "on" : "off") : v?.ToJsonString() ?? "null")),
        _ => string.Join(", ", values.Select(v => v is JsonValue jv && jv.TryGetValue<double>(out var d) ? d.ToString(CultureInfo.InvariantCulture) : v?.ToString())),
    };
}

/// <summary>The axes of the run-spec vocabulary that the study editor offers.</summary>
public static class AxisCatalog
{
    public static readonly IReadOnlyList<AxisDefinition> All =
    [
        new("bn", "BatchNorm on/off", "model.batch_norm", AxisKind.Boolean, Example: "on, off"),
        new("dropout", "Dropout", "model.dropout", AxisKind.Number, Example: "0, 0.25, 0.5"),
        new("order", "Layer order in a conv block", "model.block_order", AxisKind.LayerOrder, Example: "conv bn act pool | conv act bn pool | pool conv bn act"),
        new("channels", "Conv channels (depth)", "model.conv_channels", AxisKind.IntegerList, Example: "32 | 32 64 | 32 64 128"),
        new("hidden", "Hidden units (depth)", "model.hidden_sizes", AxisKind.IntegerList, Example: "128 | 256 128"),
        new("kernel", "Kernel size", "model.kernel_size", AxisKind.Integer, Example: "3, 5, 7"),
        new("depth", "ResNet blocks per stage", "model.depth", AxisKind.Integer, Example: "1, 2, 3"),
        new("activation", "Activation", "model.activation", AxisKind.Choice, Vocabulary.Activations, "relu, gelu, sigmoid"),
        new("residual", "Residual connections", "model.residual", AxisKind.Boolean, Example: "on, off"),
        new("family", "Model family", "model.family", AxisKind.Choice, Vocabulary.Families, "mlp, cnn"),
        new("loss", "Loss", "loss.name", AxisKind.Choice, Vocabulary.Losses, "cross_entropy, euclidean, hinge"),
        new("optimizer", "Optimizer", "optimizer.name", AxisKind.Choice, Vocabulary.Optimizers, "sgd, adam, rmsprop"),
        new("lr", "Learning rate", "optimizer.lr", AxisKind.Number, Example: "0.1, 0.01, 0.001"),
        new("momentum", "Momentum", "optimizer.momentum", AxisKind.Number, Example: "0, 0.5, 0.9"),
        new("weight_decay", "Weight decay", "optimizer.weight_decay", AxisKind.Number, Example: "0, 0.0002, 0.002"),
        new("nesterov", "Nesterov momentum (sgd)", "optimizer.nesterov", AxisKind.Boolean, Example: "off, on"),
        new("schedule", "Learning-rate schedule", "schedule.name", AxisKind.Choice, Vocabulary.Schedules, "none, step, cosine, plateau"),
        new("warmup", "Warm-up epochs", "schedule.warmup_epochs", AxisKind.Number, Example: "0, 1"),
        new("early_stop", "Early stopping on/off", "early_stopping.enabled", AxisKind.Boolean, Example: "off, on"),
        new("augment", "Augmentation", "data.augment", AxisKind.Augmentation, Example: "none, crop+flip, crop+flip+rotate"),
        new("batch", "Batch size", "batch_size", AxisKind.Integer, Example: "32, 64, 128"),
        new("epochs", "Epochs", "epochs", AxisKind.Integer, Example: "2, 5"),
        new("subset", "Training subset", "data.subset", AxisKind.Integer, Example: "1000, 5000"),
    ];

    public static AxisDefinition? ByPath(string path) => All.FirstOrDefault(a => a.Path == path);

    /// <summary>
    /// The layer orders the editor offers to pick from: every arrangement of the baseline block's
    /// layers (120 for conv, bn, act, pool, dropout), the baseline's own first, in the axis's text
    /// form ("conv bn act pool dropout"). Orders that leave a layer out are typed instead.
    /// </summary>
    public static IReadOnlyList<string> LayerOrders(IReadOnlyList<string> baseline)
    {
        var layers = baseline.Distinct(StringComparer.Ordinal).ToList();
        var orders = new List<string>();
        Arrange([], layers);
        return orders;

        void Arrange(List<string> chosen, List<string> left)
        {
            if (left.Count == 0)
            {
                orders.Add(string.Join(' ', chosen));
                return;
            }

            foreach (var layer in left)
            {
                Arrange([.. chosen, layer], left.Where(l => l != layer).ToList());
            }
        }
    }

    /// <summary>The orders of an axis's text ("conv bn act | act → conv bn"), each in the form of <see cref="LayerOrders"/>.</summary>
    public static IReadOnlyList<string> OrdersIn(string text) =>
        text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => string.Join(' ', o.Split([' ', ',', '>', '→'], StringSplitOptions.RemoveEmptyEntries)))
            .Where(o => o.Length > 0)
            .ToList();
}
