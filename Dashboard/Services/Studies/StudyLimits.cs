using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Contracts.Specs;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>
/// The most one study spec may hold (docs/api.md, "Limits"; docs/security.md). Every way a spec
/// comes in meets the same limits: the API body and a spec file are read within the document
/// limits (<see cref="StudySpecFile"/>), and every spec, the editor's included, passes
/// <see cref="Check"/> before a cell is built (<see cref="GridExpander"/>), so neither the API nor
/// the UI can store a study beyond them. Each bound sits far above any real sweep and far below
/// what would strain the dashboard, its database or a report.
/// </summary>
public static class StudyLimits
{
    /// <summary>Bytes of one study spec: an API body or a file opened in the editor (a large preset is a few kilobytes).</summary>
    public const int MaxSpecBytes = 1 << 20;

    /// <summary>Levels of objects and lists in a spec document (a study spec uses five).</summary>
    public const int MaxDepth = 16;

    /// <summary>Values (numbers, text, lists, objects) in one spec document.</summary>
    public const int MaxValues = 20_000;

    /// <summary>Characters of a study's name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Characters of a study's description.</summary>
    public const int MaxDescriptionLength = 4_000;

    /// <summary>Characters of an axis's or a variant's name: every cell's label is made of them.</summary>
    public const int MaxLabelNameLength = 64;

    /// <summary>Axes of one study (a full grid of 11 two-valued axes is already past <see cref="GridExpander.MaxRuns"/>).</summary>
    public const int MaxAxes = 20;

    /// <summary>Values of one axis.</summary>
    public const int MaxValuesPerAxis = 100;

    /// <summary>Named variants of one study, and the fields one variant may set.</summary>
    public const int MaxVariants = 200;

    public const int MaxFieldsPerVariant = 50;

    /// <summary>Values in the baseline run spec (a complete run spec holds about a hundred).</summary>
    public const int MaxBaseValues = 1_000;

    /// <summary>Values in one axis value or variant setting (a list of layer widths, a block order).</summary>
    public const int MaxValuesPerSetting = 100;

    /// <summary>
    /// Values in all the run specs a study queues together: each run stores its own spec, so this
    /// bounds the memory a check takes and the rows a launch writes (2,000 runs of a 250-value spec).
    /// </summary>
    public const int MaxExpandedValues = 500_000;

    /// <summary>The document limits a spec file or API body is read within.</summary>
    public static readonly JsonTextLimits Document = new(MaxDepth, MaxValues);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Refuses a spec beyond any limit, or with a name a user could be misled by, naming the field.</summary>
    public static void Check(StudySpec study)
    {
        CheckText("name", study.Name, MaxNameLength, multiline: false);
        CheckText("description", study.Description, MaxDescriptionLength, multiline: true);
        if (study.Preset is { } preset)
        {
            CheckText("preset", preset, MaxLabelNameLength, multiline: false);
        }

        if (Values(study.Base) is var baseValues && baseValues > MaxBaseValues)
        {
            throw new StudyException("base", $"holds {N(baseValues)} values; a baseline run spec holds at most {N(MaxBaseValues)}");
        }

        if (study.Axes.Count > MaxAxes)
        {
            throw new StudyException("axes", $"this study has {N(study.Axes.Count)} axes; the limit is {N(MaxAxes)}");
        }

        foreach (var axis in study.Axes)
        {
            var field = $"axis {Printable(JsonTextScanner.Shorten(axis.Name ?? ""))}";
            CheckText(field, axis.Name, MaxLabelNameLength, multiline: false, what: "an axis name");
            if (axis.Values.Count > MaxValuesPerAxis)
            {
                throw new StudyException(field, $"has {N(axis.Values.Count)} values; an axis takes at most {N(MaxValuesPerAxis)}");
            }

            CheckSettings(field, axis.Values);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in axis.Values)
            {
                // As the cells' labels write it: two values that read alike would be two cells of one name.
                if (!seen.Add(GridExpander.Format(value)))
                {
                    throw new StudyException(field, $"{Printable(JsonTextScanner.Shorten(GridExpander.Format(value)))} is given twice; each value is one cell");
                }
            }
        }

        foreach (var group in study.Axes.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new StudyException($"axis {Printable(group.Key)}", "two axes have this name; each cell's label names its axes");
        }

        if (study.Variants.Count > MaxVariants)
        {
            throw new StudyException("variants", $"this study has {N(study.Variants.Count)} variants; the limit is {N(MaxVariants)}");
        }

        foreach (var variant in study.Variants)
        {
            var field = $"variant {Printable(JsonTextScanner.Shorten(variant.Name ?? ""))}";
            CheckText(field, variant.Name, MaxLabelNameLength, multiline: false, what: "a variant name");
            if (variant.Set.Count > MaxFieldsPerVariant)
            {
                throw new StudyException(field, $"sets {N(variant.Set.Count)} fields; a variant sets at most {N(MaxFieldsPerVariant)}");
            }

            CheckSettings(field, variant.Set.Values);
        }

        foreach (var group in study.Variants.GroupBy(v => v.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new StudyException($"variant {Printable(group.Key)}", "two variants have this name; each is one cell, named by it");
        }
    }

    /// <summary>
    /// What is wrong with a piece of text a user will read (a name, a description): null when it
    /// is fine. Control characters (NUL, BEL, escape sequences; line breaks outside a description)
    /// and the bidirectional overrides and isolates that make text read differently than it is
    /// stored (U+202E) are refused, as is half a surrogate pair.
    /// </summary>
    public static string? TextProblem(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"holds a broken character (half of a surrogate pair, U+{(int)c:X4})";
            }

            if (multiline && c is '\n' or '\r' or '\t')
            {
                continue;
            }

            if (char.IsControl(c) || (!multiline && c is '\u2028' or '\u2029'))
            {
                return $"holds a control character (U+{(int)c:X4}); {(multiline ? "text may hold line breaks and tabs, no other control characters" : "a name is plain text on one line")}";
            }

            if (IsBidiControl(c))
            {
                return $"holds a bidirectional control character (U+{(int)c:X4}), which makes text read differently than it is written";
            }
        }

        return null;
    }

    /// <summary>A name as a message may quote it: control and bidirectional characters written as U+XXXX.</summary>
    public static string Printable(string? name)
    {
        if (name is null)
        {
            return "";
        }

        if (TextProblem(name, multiline: false) is null)
        {
            return name;
        }

        var text = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            text.Append(char.IsControl(c) || IsBidiControl(c) || char.IsSurrogate(c) ? $"<U+{(int)c:X4}>" : c.ToString());
        }

        return text.ToString();
    }

    /// <summary>The values a JSON tree holds, itself included (as <see cref="JsonTextScanner"/> counts them).</summary>
    public static int Values(JsonNode? node) => node switch
    {
        JsonObject o => 1 + o.Sum(p => Values(p.Value)),
        JsonArray a => 1 + a.Sum(Values),
        _ => 1,
    };

    // ALM, LRM, RLM, the embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and the isolates (LRI, RLI, FSI, PDI).
    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static void CheckText(string field, string? text, int maxLength, bool multiline, string what = "")
    {
        if (text is null)
        {
            throw new StudyException(field, "is required");
        }

        if (text.Length > maxLength)
        {
            throw new StudyException(field, $"is {N(text.Length)} characters long; {(what.Length > 0 ? what : "it")} may have at most {N(maxLength)}");
        }

        if (what.Length > 0 && string.IsNullOrWhiteSpace(text))
        {
            throw new StudyException(field, $"{what} is required");
        }

        if (TextProblem(text, multiline) is { } problem)
        {
            throw new StudyException(field, problem);
        }
    }

    private static void CheckSettings(string field, IEnumerable<JsonNode?> values)
    {
        foreach (var value in values)
        {
            if (Values(value) > MaxValuesPerSetting)
            {
                throw new StudyException(field, $"a value holds {N(Values(value))} values; one setting holds at most {N(MaxValuesPerSetting)}");
            }
        }
    }
}
