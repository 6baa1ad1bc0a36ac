using System.Text.Json.Nodes;
using Ablation.Contracts.Specs;
using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Datasets;
using Ablation.Dashboard.Services.Studies;
using Ablation.Dashboard.Services.Studies.Presets;
using Microsoft.AspNetCore.Components;

namespace Ablation.Dashboard.Components.Pages;

/// <summary>
/// The study editor: a name, the baseline (its common fields as controls, every field as JSON), the
/// grid (axes or named variants), a check of every cell and the launch. The form's state and its
/// reading live in <see cref="StudyForm"/>; this class only shows each problem beneath the value that
/// caused it.
/// </summary>
public sealed partial class StudyEditor : ComponentBase
{
    // The baseline fields the editor offers as controls; problems with any other field of the
    // baseline show beneath the JSON.
    private static readonly string[] ControlledFields = ["data.dataset", "model.family", "optimizer.name", "optimizer.lr", "batch_size", "epochs"];

    private static readonly (GridMode Mode, string Text)[] Modes =
    [
        (GridMode.Full, "Full grid (every combination)"),
        (GridMode.OneFactorAtATime, "One factor at a time"),
        (GridMode.Variants, "Named variants"),
    ];

    private StudyForm _form = DemoStudy.Blank();
    private StudyPreview? _preview;
    private StudyException? _error;
    private string? _refused;
    private bool _errorShownAtItsField;
    private bool _busy;
    private bool _loading = true;
    private IReadOnlyList<DatasetDescriptor> _datasets = [];
    private (string Block, IReadOnlyList<string> Orders) _layerOrders = ("", []);

    [Inject]
    private StudyService Studies { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    [Inject]
    private CircuitAccess Access { get; set; } = null!;

    [Inject]
    private DatasetDirectory Datasets { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "from")]
    public int? From { get; set; }

    /// <summary>A preset's id (Presets page): the editor opens with that study.</summary>
    [SupplyParameterFromQuery(Name = "preset")]
    public string? Preset { get; set; }

    [SupplyParameterFromQuery(Name = "scale")]
    public string? Scale { get; set; }

    [SupplyParameterFromQuery(Name = "standin")]
    public int? StandIn { get; set; }

    private string Heading => From is not null ? "New study from a copy" : Preset is not null ? "New study from a preset" : "New study";

    private string? Text(string path) => _form.BaseValue(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // 1e400 typed into the JSON reads as infinity: the control shows nothing, the problem shows beneath it.
    private double? Number(string path) => _form.BaseValue(path) is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;

    private int? Integer(string path) => _form.BaseValue(path) is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    /// <summary>The data sets that can be trained on now, and the study's own when it is not among them.</summary>
    private List<(string Id, string Title)> DatasetChoices()
    {
        var choices = _datasets.Where(d => d.Available).Select(d => (d.Id, Title: $"{d.Title} ({d.Id})")).ToList();
        if (Text("data.dataset") is { } current && choices.All(c => c.Id != current))
        {
            choices.Insert(0, (current, current));
        }

        return choices;
    }

    private string DatasetTitle(string? id) => id is null ? "" : DatasetChoices().FirstOrDefault(c => c.Id == id).Title ?? id;

    /// <summary>Every arrangement of the baseline block's layers (its block_order, or all the layers when it has none), worked out once per block.</summary>
    private IReadOnlyList<string> LayerOrders()
    {
        IReadOnlyList<string> block = _form.BaseValue("model.block_order") is JsonArray order && order.Count > 0
            ? order.Select(l => l?.ToString() ?? "").ToList()
            : Vocabulary.BlockLayers;
        var key = string.Join(' ', block);
        if (_layerOrders.Block != key)
        {
            _layerOrders = (key, AxisCatalog.LayerOrders(block));
        }

        return _layerOrders.Orders;
    }

    private List<string> PickedOrders(AxisRow row) => [.. AxisCatalog.OrdersIn(row.Values).Intersect(LayerOrders())];

    /// <summary>The picked orders replace the picker's own in the text; typed orders it does not offer stay.</summary>
    private void PickOrders(AxisRow row, IEnumerable<string>? picked)
    {
        var offered = LayerOrders();
        var typed = AxisCatalog.OrdersIn(row.Values).Where(o => !offered.Contains(o));
        row.Values = string.Join(" | ", typed.Concat(picked ?? []).Distinct());
    }

    private static string OrdersPicked(IReadOnlyList<string> picked) => picked.Count switch
    {
        0 => "",
        <= 2 => string.Join(", ", picked),
        _ => $"{picked.Count} orders picked",
    };

    private static void ChangeAxis(AxisRow row, string path)
    {
        row.Path = path;
        row.Values = row.Definition.Example;
    }

    private IEnumerable<string> Choices(string[] vocabulary, string path) =>
        Text(path) is { } current && !vocabulary.Contains(current) ? [current, .. vocabulary] : vocabulary;

    private void Opened(StudySpec spec)
    {
        _form = StudyForm.FromSpec(spec);
        _preview = null;
        _error = null;
    }

    private void SetBase(string path, string? value) => SetBase(path, value is null ? null : JsonValue.Create(value));

    private void SetBase(string path, JsonNode? value)
    {
        try
        {
            _form.SetBaseValue(path, value);
            if (_error?.Field == StudyForm.BaseField)
            {
                _error = null;
            }
        }
        catch (StudyException e)
        {
            Fail(e);
        }
    }

    /// <summary>The checked grid's problems with one baseline field (or, for <see cref="StudyForm.BaseField"/>, with any other), and a reading error there.</summary>
    private IEnumerable<string> ProblemsAt(string field)
    {
        var problems = (_preview?.Cells ?? []).SelectMany(c => c.Problems).Where(p => p.Axis is null)
            .Where(p => field == StudyForm.BaseField ? !ControlledFields.Contains(p.Field) : p.Field == field)
            .Select(p => field == StudyForm.BaseField ? $"{p.Field}: {p.Message}" : p.Message);
        return ErrorAt(field).Concat(problems).Distinct();
    }

    /// <summary>What is wrong with an axis's values: a value that cannot be read, or the cells its values make invalid.</summary>
    private IEnumerable<string> AxisProblems(AxisRow row) =>
        ErrorAt($"axis {row.Definition.Name}")
            .Concat((_preview?.Cells ?? []).SelectMany(c => c.Problems).Where(p => p.Axis == row.Definition.Name).Select(p => $"{p.AxisValue}: {p.Field}: {p.Message}"))
            .Distinct();

    private IEnumerable<string> VariantProblems() =>
        (_error is { } e && e.Field.StartsWith("variant ", StringComparison.Ordinal) ? [e.Message] : Array.Empty<string>())
            .Concat((_preview?.Cells ?? []).SelectMany(c => c.Problems.Select(p => (c.Cell.Label, p))).Where(x => x.p.Axis is not null).Select(x => $"{x.Label}: {x.p.Field}: {x.p.Message}"))
            .Distinct();

    private IEnumerable<string> ErrorAt(string field) => _error is { } e && e.Field == field ? [e.Message] : [];

    private void Fail(StudyException e)
    {
        _error = e;
        _errorShownAtItsField = e.Field is StudyForm.BaseField or "name" or "description" or "repeats" || ControlledFields.Contains(e.Field)
            || e.Field.StartsWith("variant ", StringComparison.Ordinal)
            || (_form.Mode != GridMode.Variants && _form.Axes.Any(a => e.Field == $"axis {a.Definition.Name}"));
    }

    protected override async Task OnInitializedAsync()
    {
        // Off the circuit's thread: image folders are read by the worker, each the first time in a process of its own.
        _datasets = await Task.Run(Datasets.List);
        if (From is { } id && await Studies.LoadSpecAsync(id) is { } spec)
        {
            try
            {
                _form = StudyForm.FromSpec(spec);
                _form.Name += " (copy)";
            }
            catch (StudyException e)
            {
                _refused = $"Study {id} cannot be opened in the editor: {e.Message}";
            }
        }
        else if (Preset is not null && PresetCatalog.Find(Preset) is { } preset)
        {
            var scale = Scale == "full" ? PresetScale.Full : PresetScale.Quick;
            _form = StudyForm.FromSpec(PresetCatalog.Build(preset, scale, StandIn == 1 && preset.StandIn is not null));
        }

        _loading = false;
    }

    private async Task PreviewAsync()
    {
        _error = null;
        _preview = null;
        try
        {
            // Off the circuit's thread: a grid on an image folder may wait on the worker reading it.
            var spec = _form.ToSpec();
            _preview = await Task.Run(() => Studies.Preview(spec));
        }
        catch (StudyException e)
        {
            Fail(e);
        }
    }

    private async Task LaunchAsync()
    {
        if (!await Access.CanChangeAsync())
        {
            _refused = CircuitAccess.Refusal;
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            var id = await Studies.CreateAsync(_form.ToSpec());
            Nav.NavigateTo($"studies/{id}");
        }
        catch (InvalidStudyException e)
        {
            _preview = e.Preview;
        }
        catch (StudyException e)
        {
            Fail(e);
        }
        finally
        {
            _busy = false;
        }
    }
}
