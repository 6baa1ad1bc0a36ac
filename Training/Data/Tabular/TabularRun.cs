using Ablation.Contracts.Models;
using Ablation.Training.Models;
using Ablation.Contracts.Specs;

namespace Ablation.Training.Data.Tabular;

/// <summary>The run-spec side of tables: the request a spec makes, and the model families a table allows.</summary>
public static class TabularRun
{
    public static TabularRequest RequestFor(RunSpec spec) => new(spec.Data.Dataset)
    {
        Target = spec.Data.Target,
        Task = spec.Data.Task,
        Loss = spec.Loss.Name,
        Split = spec.Data.Split,
        ValidationFraction = spec.Data.ValidationFraction,
        Normalization = spec.Data.Normalization,
        Subset = spec.Data.Subset,
        TestSubset = spec.Data.TestSubset,
        Seed = spec.Seed,
    };

    public static TabularData Load(RunSpec spec, string dataRoot) =>
        new TabularLoader(new TabularCatalog(dataRoot)).Load(RequestFor(spec));

    /// <summary>The model plan for a table: an mlp over [features] with one output per class, or one output for regression.</summary>
    public static ModelPlan Plan(ModelSpec model, string datasetName, int features, int outputs)
    {
        if (model.Family != "mlp")
        {
            throw new SpecException("model.family",
                $"{model.Family} needs images, but {datasetName} is a table of {features} features; use mlp");
        }

        return ModelPlanner.Plan(model, new Shape(features), outputs);
    }
}
