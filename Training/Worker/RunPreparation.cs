using Ablation.Contracts.Models;
using Ablation.Contracts.Specs;
using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;
using Ablation.Training.Models;

namespace Ablation.Training.Worker;

/// <summary>Everything checked before training starts: the data loads and the model plan fits it.</summary>
public sealed record PreparedRun(RunSpec Spec, ITrainingData Data, ModelPlan Plan)
{
    public static PreparedRun Prepare(RunSpec spec, string dataRoot)
    {
        if (new TabularCatalog(dataRoot).IsTable(spec.Data.Dataset))
        {
            var table = TabularRun.Load(spec, dataRoot);
            return new PreparedRun(spec, table, TabularRun.Plan(spec.Model, table.DatasetName, table.FeatureNames.Length, table.NumClasses));
        }

        if (Vocabulary.RegressionLosses.Contains(spec.Loss.Name))
        {
            throw new SpecException("loss.name", $"{spec.Loss.Name} is a regression loss, but {spec.Data.Dataset} is a classification data set (use cross_entropy, euclidean or hinge)");
        }

        var data = new DatasetLoader(new DataCatalog(dataRoot)).Load(new DataRequest(spec.Data.Dataset)
        {
            ValidationFraction = spec.Data.ValidationFraction,
            Normalization = spec.Data.Normalization,
            Subset = spec.Data.Subset,
            TestSubset = spec.Data.TestSubset,
            Seed = spec.Seed,
            Images = ImageOptionsOf(spec.Data),
        });
        var input = new Shape(data.Train.Channels, data.Train.Height, data.Train.Width);
        var plan = ModelPlanner.Plan(spec.Model, input, data.NumClasses);
        TrainingControlRules.ThrowIfUnfit(spec, input.IsImage, spec.Data.Dataset, data.Validation.Count);
        return new PreparedRun(spec, data, plan);
    }

    public static ImageOptions ImageOptionsOf(DataSpec data) =>
        new() { ImageSize = data.ImageSize, Channels = data.Channels, LabelSet = data.LabelSet };
}
