namespace Ablation.Contracts.Metrics;

/// <summary>
/// Where a value was measured: the three data splits of an epoch, and the training batches the
/// worker reports every <c>log_every</c> steps. <see cref="Key"/> is the name on the wire (the
/// prefix of <c>train_loss</c>) and in the database's points; it never changes.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(SplitJsonConverter))]
public sealed class Split
{
    private Split(string key, int rank)
    {
        Key = key;
        Rank = rank;
    }

    public static Split Train { get; } = new("train", 0);

    /// <summary>The validation split (<c>val_</c> on the wire).</summary>
    public static Split Validation { get; } = new("val", 1);

    public static Split Test { get; } = new("test", 2);

    /// <summary>Not a data split: the mean training loss and learning rate of the steps since the last batch event.</summary>
    public static Split Batch { get; } = new("batch", 3);

    /// <summary>The splits an epoch is measured on, in order.</summary>
    public static IReadOnlyList<Split> OfEpoch { get; } = [Train, Validation, Test];

    public static IReadOnlyList<Split> All { get; } = [Train, Validation, Test, Batch];

    public string Key { get; }

    /// <summary>The order in which tables and charts list the splits: train, validation, test, batch.</summary>
    public int Rank { get; }

    public static Split? FromKey(string key) => All.FirstOrDefault(s => s.Key == key);

    public override string ToString() => Key;
}

/// <summary>A split on the wire: its <see cref="Split.Key"/>.</summary>
public sealed class SplitJsonConverter : System.Text.Json.Serialization.JsonConverter<Split>
{
    public override Split Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType == System.Text.Json.JsonTokenType.String && Split.FromKey(reader.GetString()!) is { } split ? split
        : throw new System.Text.Json.JsonException($"unknown split (expected one of {string.Join(", ", Split.All.Select(s => s.Key))})");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, Split value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Key);
}
