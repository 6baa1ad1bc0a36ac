using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ablation.Training.Data;

/// <summary>
/// What <c>ablate inspect</c> prints for one data set (docs/worker.md): its summary and, when asked
/// for, sample test images; or the one-line problem that kept it from reading the set. The worker
/// writes it and the dashboard reads it with the same type, so the two sides cannot drift.
/// </summary>
public sealed record DatasetInspection
{
    public DatasetSummary? Summary { get; set; }

    public InspectedSamples? Samples { get; set; }

    /// <summary>Why the set could not be read, in the words the dashboard shows (the worker exits 2).</summary>
    public string? Problem { get; set; }
}

/// <summary>Sample images as uint8 N×C×H×W <see cref="Pixels"/> (base64 in JSON) with their labels.</summary>
public sealed record InspectedSamples(int Channels, int Height, int Width, long[] Labels, byte[] Pixels)
{
    public static InspectedSamples From(ImageSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new InspectedSamples(set.Channels, set.Height, set.Width, set.Labels, set.Pixels);
    }

    public ImageSet ToImageSet() => new(Pixels, Labels, Channels, Height, Width);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DatasetInspection))]
internal sealed partial class DatasetInspectionJsonContext : JsonSerializerContext;

public static class DatasetInspectionJson
{
    // Class names such as "T-shirt/top" or "café" stay readable: the default encoder escapes every non-ASCII character.
    private static readonly DatasetInspectionJsonContext _context = new(new JsonSerializerOptions(DatasetInspectionJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(DatasetInspection inspection) => JsonSerializer.Serialize(inspection, _context.DatasetInspection);

    /// <summary>The inspection in <paramref name="json"/>; null when it is not one (cut short, empty, another shape).</summary>
    public static DatasetInspection? TryParse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, _context.DatasetInspection);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
