using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Contracts.Specs;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>One cell of a grid: its axis values, a readable label and the overridden spec JSON.</summary>
public sealed record Cell(string Label, IReadOnlyDictionary<string, string> Values, JsonObject Spec);

/// <summary>One run to queue: a cell with one seed.</summary>
public sealed record PlannedRun(Cell Cell, int Repeat, int Seed, JsonObject Spec);

/// <summary>
/// Expands a <see cref="StudySpec"/> into cells and runs. Each axis value is written into a copy of
/// the base spec at the axis's path, so every field of the run-spec vocabulary can be an axis.
/// </summary>
public static class GridExpander
{
    /// <summary>Most runs one study may queue: beyond this a grid is almost surely a typo, and the database and browser would suffer.</summary>
    public const int MaxRuns = 2000;

    public static IReadOnlyList<Cell> Cells(StudySpec study)
    {
        CheckShape(study);
        CheckSize(study);
        var cells = study.Mode switch
        {
            GridMode.Full => FullGrid(study),
            GridMode.OneFactorAtATime => OneFactorAtATime(study),
            GridMode.Variants => study.Variants.Select(v => Apply(study.Base, v.Name,
                v.Set.Select(kv => (Axis: kv.Key, Path: kv.Key, Value: kv.Value)).ToList(), labelled: false)).ToList(),
            _ => throw new StudyException("mode", $"unknown grid mode {study.Mode}"),
        };

        // A label names its cell everywhere (runs, tables, the retry API), so two cells may not share one.
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in cells.Where(c => !labels.Add(c.Label)))
        {
            throw new StudyException("axes", $"two cells are both labelled '{StudyLimits.Printable(JsonTextScanner.Shorten(cell.Label))}'; give their values or names different text");
        }

        return cells;
    }

    public static IReadOnlyList<PlannedRun> Runs(StudySpec study)
    {
        var runs = new List<PlannedRun>();
        foreach (var cell in Cells(study))
        {
            // A seed that is not a whole number is the cell's problem (the validator names it);
            // the runs still get seeds, so expanding never fails on it.
            var baseSeed = cell.Spec["seed"] is JsonValue seed && seed.TryGetValue<int>(out var s) ? s : 1;
            if (baseSeed > int.MaxValue - (study.Repeats - 1))
            {
                throw new StudyException("seed", $"{baseSeed} leaves no room for {study.Repeats} consecutive seeds (at most {(int.MaxValue - (study.Repeats - 1)).ToString("N0", CultureInfo.InvariantCulture)})");
            }

            for (var r = 0; r < study.Repeats; r++)
            {
                var spec = (JsonObject)cell.Spec.DeepClone();
                spec["seed"] = baseSeed + r;
                runs.Add(new PlannedRun(cell, r, baseSeed + r, spec));
            }
        }

        return runs;
    }

    /// <summary>
    /// The number of runs, computed without building any cell, exactly: a grid of ten ten-valued
    /// axes has 10,000,000,000 runs, and the refusal says so (a million-cell grid is refused cheaply).
    /// </summary>
    public static BigInteger CountRuns(StudySpec study)
    {
        CheckShape(study);
        BigInteger cells = study.Mode switch
        {
            GridMode.Full => study.Axes.Aggregate(BigInteger.One, (n, a) => n * a.Values.Count),
            GridMode.OneFactorAtATime => 1 + study.Axes.Sum(a => (long)a.Values.Count(v => !JsonNode.DeepEquals(v, Read(study.Base, a.Path)))),
            _ => study.Variants.Count,
        };
        return cells * study.Repeats;
    }

    /// <summary>Refuses a grid beyond <see cref="MaxRuns"/>, or one whose runs' specs would together hold more than <see cref="StudyLimits.MaxExpandedValues"/>.</summary>
    private static void CheckSize(StudySpec study)
    {
        var count = CountRuns(study);
        if (count > MaxRuns)
        {
            throw new StudyException("axes", $"this grid has {count.ToString("N0", CultureInfo.InvariantCulture)} runs; the limit is {MaxRuns.ToString("N0", CultureInfo.InvariantCulture)} (fewer values per axis, fewer repeats, or one factor at a time)");
        }

        // Each run stores its own spec: the baseline with every axis's (largest) value written in.
        long perRun = StudyLimits.Values(study.Base) + (study.Mode == GridMode.Variants
            ? study.Variants.Select(v => v.Set.Values.Sum(StudyLimits.Values)).DefaultIfEmpty(0).Max()
            : study.Axes.Sum(a => a.Values.Max(StudyLimits.Values)));
        var total = (long)count * perRun;
        if (total > StudyLimits.MaxExpandedValues)
        {
            throw new StudyException("base", $"the {count.ToString("N0", CultureInfo.InvariantCulture)} runs' specs would hold {total.ToString("N0", CultureInfo.InvariantCulture)} values together; the limit is {StudyLimits.MaxExpandedValues.ToString("N0", CultureInfo.InvariantCulture)} (a smaller baseline spec, or fewer runs)");
        }
    }

    private static void CheckShape(StudySpec study)
    {
        if (string.IsNullOrWhiteSpace(study.Name))
        {
            throw new StudyException("name", "is required");
        }

        StudyLimits.Check(study);
        if (!Enum.IsDefined(study.Mode))
        {
            throw new StudyException("mode", $"{(int)study.Mode} is not a grid mode (full, oneFactorAtATime or variants)");
        }

        if (study.Repeats is < 1 or > 100)
        {
            throw new StudyException("repeats", $"{study.Repeats} is out of range [1, 100]");
        }

        foreach (var axis in study.Axes)
        {
            if (axis.Values.Count == 0)
            {
                throw new StudyException($"axis {axis.Name}", "has no values");
            }

            if (!SpecPaths.IsKnown(axis.Path))
            {
                throw new StudyException($"axis {axis.Name}", $"'{StudyLimits.Printable(JsonTextScanner.Shorten(axis.Path))}' is not a run-spec field");
            }
        }

        foreach (var group in study.Axes.GroupBy(a => a.Path).Where(g => g.Count() > 1))
        {
            throw new StudyException($"axis {group.First().Name}", $"two axes set {group.Key}");
        }

        if (study.Mode == GridMode.Variants)
        {
            if (study.Variants.Count == 0)
            {
                throw new StudyException("variants", "a variants study needs at least one variant");
            }

            foreach (var v in study.Variants)
            {
                foreach (var path in v.Set.Keys.Where(p => !SpecPaths.IsKnown(p)))
                {
                    throw new StudyException($"variant {v.Name}", $"'{StudyLimits.Printable(JsonTextScanner.Shorten(path))}' is not a run-spec field");
                }
            }
        }
    }

    private static List<Cell> FullGrid(StudySpec study)
    {
        var cells = new List<Cell>();
        void Walk(int axis, List<(string, string, JsonNode?)> chosen)
        {
            if (axis == study.Axes.Count)
            {
                cells.Add(Apply(study.Base, null, chosen, labelled: true));
                return;
            }

            foreach (var value in study.Axes[axis].Values)
            {
                chosen.Add((study.Axes[axis].Name, study.Axes[axis].Path, value));
                Walk(axis + 1, chosen);
                chosen.RemoveAt(chosen.Count - 1);
            }
        }

        Walk(0, []);
        return cells;
    }

    private static List<Cell> OneFactorAtATime(StudySpec study)
    {
        var cells = new List<Cell> { Apply(study.Base, "baseline", [], labelled: false) };
        foreach (var axis in study.Axes)
        {
            var baseline = Read(study.Base, axis.Path);
            foreach (var value in axis.Values.Where(v => !JsonNode.DeepEquals(v, baseline)))
            {
                cells.Add(Apply(study.Base, null, [(axis.Name, axis.Path, value)], labelled: true));
            }
        }

        return cells;
    }

    private static Cell Apply(JsonObject baseSpec, string? name, IReadOnlyList<(string Axis, string Path, JsonNode? Value)> settings, bool labelled)
    {
        var spec = (JsonObject)baseSpec.DeepClone();
        var values = new Dictionary<string, string>();
        foreach (var (axis, path, value) in settings)
        {
            Write(spec, path, value?.DeepClone());
            values[axis] = Format(value);
        }

        var label = labelled ? string.Join(", ", values.Select(kv => $"{kv.Key}={kv.Value}")) : name!;
        return new Cell(label.Length == 0 ? "baseline" : label, values, spec);
    }

    /// <summary>How a value reads in a label: booleans as on/off, lists joined with →, numbers as written.</summary>
    public static string Format(JsonNode? value) => value switch
    {
        null => "none",
        JsonArray array => string.Join("→", array.Select(Format)),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "on",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "off",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    public static JsonNode? Read(JsonObject spec, string path)
    {
        JsonNode? node = spec;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    internal static void Write(JsonObject spec, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var target = spec;
        foreach (var part in parts[..^1])
        {
            if (target[part] is not JsonObject child)
            {
                child = [];
                target[part] = child;
            }

            target = child;
        }

        target[parts[^1]] = value;
    }
}

public sealed class StudyException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
}
