using System.Collections.Concurrent;
using Ablation.Dashboard.Services.Datasets;
using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;
using Ablation.Training.Models;
using Ablation.Training.Specs;
using Ablation.Training.Worker;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>A problem of one cell, attributed to the axis whose value caused it when one did.</summary>
public sealed record CellProblem(string? Axis, string? AxisValue, string Field, string Message)
{
    public override string ToString() => Axis is null ? $"{Field}: {Message}" : $"{Axis}={AxisValue}: {Field}: {Message}";
}

public sealed record CellPreview(Cell Cell, long? Parameters, IReadOnlyList<CellProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

public sealed record StudyPreview(int Runs, IReadOnlyList<CellPreview> Cells)
{
    public bool IsValid => Cells.All(c => c.IsValid);
}

/// <summary>
/// Checks every cell of a study before anything is queued: the spec's vocabulary and ranges, then
/// the model plan against the data set's real input shape, which also gives each cell's parameter
/// count. Data sets are read once per validator and kept for the next preview; image folders by the
/// worker (<see cref="DatasetReader"/>), so checking a grid loads no native code in this process.
/// </summary>
public sealed class StudyValidator(string dataRoot, DatasetReader? reader = null)
{
    private readonly DatasetReader _reader = reader ?? DatasetReader.Default;
    private readonly ConcurrentDictionary<string, (Shape Input, int Classes)> _shapes = new();
    private readonly ConcurrentDictionary<string, (int Features, int Outputs, string Name)> _tables = new();

    public StudyPreview Preview(StudySpec study)
    {
        var runs = GridExpander.Runs(study);
        // Every cell's first repeat, in order: the cells without expanding the grid a second time.
        var cells = runs.Where(r => r.Repeat == 0).Select(r => r.Cell);
        return new StudyPreview(runs.Count, cells.Select(cell => Check(study, cell)).ToList());
    }

    private CellPreview Check(StudySpec study, Cell cell)
    {
        RunSpec spec;
        try
        {
            spec = SpecReader.Parse(cell.Spec.ToJsonString());
        }
        catch (SpecException e)
        {
            return new CellPreview(cell, null, e.Problems.Select(p => Attribute(study, cell, p.Field, p.Message)).ToList());
        }

        try
        {
            var plan = Plan(spec);
            // The validation split's size is known here only when it is none.
            TrainingControlRules.ThrowIfUnfit(spec, plan.Input.IsImage, spec.Data.Dataset, spec.Data.ValidationFraction == 0 ? 0 : null);
            return new CellPreview(cell, plan.Parameters, []);
        }
        catch (SpecException e)
        {
            return new CellPreview(cell, null, e.Problems.Select(p => Attribute(study, cell, p.Field, p.Message)).ToList());
        }
        catch (DataException e)
        {
            return new CellPreview(cell, null, [Attribute(study, cell, "data.dataset", e.Message)]);
        }
    }

    /// <summary>The model plan (the layer table) of one resolved run spec.</summary>
    public ModelPlan PlanFor(string specJson)
    {
        return Plan(SpecReader.Parse(specJson));
    }

    private ModelPlan Plan(RunSpec spec)
    {
        if (new TabularCatalog(dataRoot).IsTable(spec.Data.Dataset))
        {
            // A table's outputs depend on its target and task, so those are part of the key.
            var key = $"table:{spec.Data.Dataset}|{spec.Data.Target}|{spec.Data.Task}|{Vocabulary.RegressionLosses.Contains(spec.Loss.Name)}";
            var (features, outputs, name) = _tables.GetOrAdd(key, _ =>
            {
                var table = TabularRun.Load(spec, dataRoot);
                return (table.FeatureNames.Length, table.NumClasses, table.DatasetName);
            });
            return TabularRun.Plan(spec.Model, name, features, outputs);
        }

        var (input, classes) = ShapeOf(spec.Data);
        return ModelPlanner.Plan(spec.Model, input, classes);
    }

    // Keyed by every data field that changes the input shape or the class count. Headers and
    // listings only: checking a grid must not decode a whole image folder.
    private (Shape Input, int Classes) ShapeOf(DataSpec spec) =>
        _shapes.GetOrAdd($"{spec.Dataset}|{spec.ImageSize}|{spec.Channels}|{spec.LabelSet}", _ =>
        {
            var source = new DataCatalog(dataRoot).Resolve(spec.Dataset);
            var summary = _reader.Summarize(dataRoot, spec.Dataset, source, PreparedRun.ImageOptionsOf(spec));
            var shape = summary.InputShape;
            return (new Shape(shape[0], shape[1], shape[2]), summary.ClassNames.Length);
        });

    /// <summary>A field such as "model.hidden_sizes[1]" belongs to the axis that sets "model.hidden_sizes".</summary>
    private static CellProblem Attribute(StudySpec study, Cell cell, string field, string message)
    {
        var axis = study.Axes.FirstOrDefault(a => field == a.Path || field.StartsWith(a.Path + "[", StringComparison.Ordinal) || field.StartsWith(a.Path + ".", StringComparison.Ordinal));
        return axis is not null && cell.Values.TryGetValue(axis.Name, out var value)
            ? new CellProblem(axis.Name, value, field, message)
            : new CellProblem(null, null, field, message);
    }
}
