using System.Text.Json;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>A point parsed from a worker event, ready to store and to draw.</summary>
public sealed record PointValue(long Step, int Epoch, string Split, string Name, double Value, double Time);

/// <summary>One line of a run's events, parsed: its event name, the points it carries and its raw JSON.</summary>
public sealed record WorkerLine(string Event, IReadOnlyList<PointValue> Points, JsonElement Json)
{
    private static readonly string[] _epochSplits = ["train", "val", "test"];

    /// <summary>
    /// Parses one line of docs/worker.md's protocol. A line that is not a JSON object with an
    /// "event" string (a partial line from a killed worker, stray output) gives null: the
    /// supervisor counts and skips it, it never fails a run or the dashboard.
    /// </summary>
    public static WorkerLine? TryParse(string line, long lastStep)
    {
        if (string.IsNullOrWhiteSpace(line) || line[0] != '{')
        {
            return null;
        }

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(line);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var name = e.GetString()!;
        var time = Number(root, "time") ?? 0;
        var points = new List<PointValue>();
        switch (name)
        {
            case "batch":
                var step = (long)(Number(root, "step") ?? lastStep);
                var epoch = (int)(Number(root, "epoch") ?? 0);
                Add(points, step, epoch, "batch", "loss", Number(root, "loss"), time);
                Add(points, step, epoch, "batch", "lr", Number(root, "lr"), time);
                break;
            case "epoch" when root.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object:
                var ep = (int)(Number(m, "epoch") ?? 0);
                // The epoch's own step (its last optimizer step); a program that does not say
                // where its epoch ended is placed at the last step it reported.
                var at = (long)(Number(root, "step") ?? lastStep);
                foreach (var split in _epochSplits)
                {
                    Add(points, at, ep, split, "loss", Number(m, $"{split}_loss"), time);
                    Add(points, at, ep, split, "accuracy", Number(m, $"{split}_accuracy"), time);
                    foreach (var score in ResultsRegression.Scores)
                    {
                        Add(points, at, ep, split, score, Number(m, $"{split}_{score}"), time);
                    }
                }

                Add(points, at, ep, "train", "lr", Number(m, "lr"), time);
                Add(points, at, ep, "train", "samples_per_second", Number(m, "samples_per_second"), time);
                Add(points, at, ep, "train", "epoch_seconds", Number(m, "epoch_seconds"), time);
                break;
        }

        return new WorkerLine(name, points, root);
    }

    private static void Add(List<PointValue> points, long step, int epoch, string split, string name, double? value, double time)
    {
        // A diverged run reports NaN or infinite losses. SQLite cannot store NaN and a chart cannot
        // draw either; the run's status and error say that it diverged, and where.
        if (value is { } v && double.IsFinite(v))
        {
            points.Add(new PointValue(step, epoch, split, name, v, time));
        }
    }

    /// <summary>A number, or the worker's "NaN"/"Infinity" strings for values that are not finite.</summary>
    public static double? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? NumberOf(v) : null;

    /// <summary>
    /// How every worker number is read (docs/worker.md): a JSON number, or one of the strings
    /// "NaN", "Infinity", "-Infinity" that stand for values JSON cannot hold; anything else is null.
    /// </summary>
    public static double? NumberOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
