using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>One axis row of the editor: which axis, and its values as typed.</summary>
public sealed class AxisRow
{
    public string Path { get; set; } = AxisCatalog.All[0].Path;
    public string Values { get; set; } = AxisCatalog.All[0].Example;

    public AxisDefinition Definition => AxisCatalog.ByPath(Path) ?? throw new StudyException("axis", $"unknown axis field '{Path}'");
}

/// <summary>
/// The study editor's state as plain data: the page binds to it, and <see cref="ToSpec"/> turns it into
/// a <see cref="StudySpec"/>, so everything but the markup is tested without a browser.
/// </summary>
public sealed class StudyForm
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public GridMode Mode { get; set; } = GridMode.Full;
    /// <summary>Seeds per cell of a new study: three, the fewest that give a standard deviation worth reading.</summary>
    public const int DefaultRepeats = 3;

    public int Repeats { get; set; } = DefaultRepeats;

    /// <summary>The preset the study came from (carried through the editor so results can be compared with the report).</summary>
    public string? Preset { get; set; }

    /// <summary>The baseline run spec, as JSON text (docs/run-spec.md).</summary>
    public string BaseJson { get; set; } = "";

    public List<AxisRow> Axes { get; set; } = [];

    /// <summary>Variants as "name: field=value, field=value", one per line (grid mode Variants).</summary>
    public string VariantsText { get; set; } = "";

    /// <summary>Adds a row for the first catalog axis not used yet (two axes may not set one field).</summary>
    public AxisRow AddAxis()
    {
        var next = AxisCatalog.All.FirstOrDefault(a => Axes.All(r => r.Path != a.Path)) ?? AxisCatalog.All[0];
        var row = new AxisRow { Path = next.Path, Values = next.Example };
        Axes.Add(row);
        return row;
    }

    /// <summary>The field of the editor's errors about <see cref="BaseJson"/> as a whole.</summary>
    public const string BaseField = "base spec";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // BaseJson as last parsed for reading: the editor reads a dozen fields each render.
    private (string Json, JsonObject? Spec) _read;

    /// <summary>A field of the baseline spec by its dotted path (docs/run-spec.md); null when it is not set or <see cref="BaseJson"/> does not parse. Read only.</summary>
    public JsonNode? BaseValue(string path)
    {
        if (!ReferenceEquals(_read.Json, BaseJson))
        {
            JsonObject? spec;
            try
            {
                spec = ParseBase();
            }
            catch (StudyException)
            {
                spec = null;
            }

            _read = (BaseJson, spec);
        }

        return _read.Spec is { } parsed ? GridExpander.Read(parsed, path) : null;
    }

    /// <summary>
    /// Sets a field of the baseline spec (the editor's data set, model and training fields) and writes
    /// <see cref="BaseJson"/> again, indented; null removes the field. Refused while the JSON does not parse.
    /// </summary>
    public void SetBaseValue(string path, JsonNode? value)
    {
        if (value is JsonValue number && number.TryGetValue<double>(out var d) && !double.IsFinite(d))
        {
            throw new StudyException(path, $"{d} is not a finite number");
        }

        var spec = ParseBase();
        if (value is null)
        {
            var dot = path.LastIndexOf('.');
            (dot < 0 ? spec : GridExpander.Read(spec, path[..dot]) as JsonObject)?.Remove(path[(dot + 1)..]);
        }
        else
        {
            GridExpander.Write(spec, path, value);
        }

        BaseJson = spec.ToJsonString(Indented);
    }

    private JsonObject ParseBase()
    {
        try
        {
            return JsonNode.Parse(BaseJson, documentOptions: new JsonDocumentOptions
                {
                    AllowTrailingCommas = true,
                    CommentHandling = JsonCommentHandling.Skip,
                    MaxDepth = StudyLimits.MaxDepth,
                }) as JsonObject
                ?? throw new StudyException(BaseField, "must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new StudyException(BaseField, $"is {Ablation.Contracts.Specs.JsonTextScanner.SyntaxError(e)}");
        }
    }

    public StudySpec ToSpec()
    {
        var baseSpec = ParseBase();
        return new StudySpec
        {
            Name = Name.Trim(),
            Description = Description.Trim(),
            Base = baseSpec,
            Mode = Mode,
            Repeats = Repeats,
            Axes = Mode == GridMode.Variants ? [] : Axes.Select(a => new Axis(a.Definition.Name, a.Path, a.Definition.Parse(a.Values))).ToList(),
            Variants = Mode == GridMode.Variants ? ParseVariants(VariantsText) : [],
            Preset = Preset,
        };
    }

    public static StudyForm FromSpec(StudySpec spec) => new()
    {
        Name = spec.Name,
        Description = spec.Description,
        Mode = spec.Mode,
        Repeats = spec.Repeats,
        BaseJson = spec.Base.ToJsonString(Indented),
        // An axis the editor has no row for (a run-spec field posted through the API) cannot be shown, so it is refused by name.
        Axes = spec.Axes.Select(a => new AxisRow
        {
            Path = a.Path,
            Values = (AxisCatalog.ByPath(a.Path) ?? throw new StudyException($"axis {a.Name}",
                $"sets {a.Path}, which the editor has no axis for (post this spec to the API instead, docs/api.md)")).Format(a.Values),
        }).ToList(),
        Preset = spec.Preset,
        VariantsText = string.Join('\n', spec.Variants.Select(v => $"{v.Name}: {string.Join(", ", v.Set.Select(kv => $"{kv.Key}={kv.Value?.ToJsonString()}"))}")),
    };

    /// <summary>"+norm: model.batch_norm=true" → a variant; values are JSON ("true", "0.3", "[32,64]", "\"gelu\"" or bare words as strings).</summary>
    public static IReadOnlyList<Variant> ParseVariants(string text)
    {
        var variants = new List<Variant>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':');
            var name = colon < 0 ? line : line[..colon].Trim();
            var set = new Dictionary<string, JsonNode?>();
            if (colon >= 0)
            {
                foreach (var assignment in SplitTopLevel(line[(colon + 1)..]))
                {
                    if (assignment.Trim().Length == 0)
                    {
                        continue; // "baseline:" sets nothing
                    }

                    var eq = assignment.IndexOf('=');
                    if (eq < 1)
                    {
                        throw new StudyException($"variant {name}", $"'{assignment}' is not field=value");
                    }

                    var raw = assignment[(eq + 1)..].Trim();
                    JsonNode? value;
                    try
                    {
                        value = JsonNode.Parse(raw);
                    }
                    catch (JsonException)
                    {
                        value = JsonValue.Create(raw); // a bare word such as gelu
                    }

                    set[assignment[..eq].Trim()] = value;
                }
            }

            variants.Add(new Variant(name, set));
        }

        return variants;
    }

    /// <summary>Splits on commas outside brackets, so "model.conv_channels=[32,64], model.dropout=0.1" is two assignments.</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '[' or '{' => 1, ']' or '}' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                if (text[start..i].Trim().Length > 0)
                {
                    yield return text[start..i].Trim();
                }

                start = i + 1;
            }
        }

        if (text[start..].Trim().Length > 0)
        {
            yield return text[start..].Trim();
        }
    }
}

/// <summary>The ready demo: BatchNorm on/off × dropout {0, 0.3} on a small CNN, a Fashion-MNIST subset, 2 epochs.</summary>
public static class DemoStudy
{
    public const string Name = "Demo: BatchNorm × dropout on Fashion-MNIST";

    public static StudySpec Spec() => new()
    {
        Name = Name,
        Description = "A small CNN on 6,000 Fashion-MNIST images for 2 epochs, with and without BatchNorm, with dropout 0 and 0.3. Finishes in under a minute on a 2-core CPU.",
        Base = JsonNode.Parse("""
            {
              "data": { "dataset": "fashion-mnist", "validation_fraction": 0.1, "subset": 6000, "test_subset": 2000 },
              "model": { "family": "cnn", "conv_channels": [16, 32], "kernel_size": 3, "batch_norm": true,
                         "dropout": 0.0, "activation": "relu", "block_order": ["conv", "bn", "act", "pool", "dropout"] },
              "loss": { "name": "cross_entropy" },
              "optimizer": { "name": "adam", "lr": 0.002 },
              "batch_size": 64, "epochs": 2, "seed": 1, "log_every": 10
            }
            """)!.AsObject(),
        Axes =
        [
            new Axis("bn", "model.batch_norm", [JsonValue.Create(true), JsonValue.Create(false)]),
            new Axis("dropout", "model.dropout", [JsonValue.Create(0.0), JsonValue.Create(0.3)]),
        ],
    };

    public static StudyForm Form() => StudyForm.FromSpec(Spec());

    /// <summary>A starting point for a new study: the demo's baseline without axes.</summary>
    public static StudyForm Blank()
    {
        var form = Form();
        form.Name = "";
        form.Description = "";
        form.Repeats = StudyForm.DefaultRepeats; // the demo keeps one seed per cell to stay a few minutes long
        form.Axes = [new AxisRow()];
        return form;
    }
}
