using Ablation.Dashboard.Services.Results;

namespace Ablation.Dashboard.Services.Analysis;

/// <summary>One cell's values of the chosen metric (its succeeded runs only), summarized; <see cref="Summary"/> is null when it has none.</summary>
public sealed record CellSample(CellGroup Cell, double[] Values)
{
    public SampleSummary? Summary { get; } = Values.Length == 0 ? null : SampleSummary.Of(Values);

    public static IReadOnlyList<CellSample> Of(StudyResults results, IReadOnlyList<CellGroup> cells, string metric) =>
        [.. cells.Select(c => new CellSample(c, c.MetricValues(results, metric)))];
}

/// <summary>A level's mean averaged over cells (the mean of the cell means), with its 95% interval; null where the cells' spread is unknown.</summary>
/// <param name="Cells">Cells the mean is over.</param>
/// <param name="Runs">Succeeded runs in those cells.</param>
public sealed record MarginalMean(double Mean, Interval? Ci, int Cells, int Runs)
{
    /// <summary>
    /// The mean of the cells' means, each cell weighing the same whatever its number of runs; its
    /// interval is the t interval of that average (<see cref="MeanContrast"/> with weights 1/k),
    /// which needs two runs in every cell. Null when no cell has a value.
    /// </summary>
    public static MarginalMean? Of(IEnumerable<CellSample> cells)
    {
        var withValues = cells.Where(c => c.Summary is not null).ToList();
        if (withValues.Count == 0)
        {
            return null;
        }

        var weight = 1.0 / withValues.Count;
        var contrast = MeanContrast.Of([.. withValues.Select(c => new ContrastTerm(weight, c.Summary!.Value))]);
        var mean = withValues.Average(c => c.Summary!.Value.Mean);
        return new MarginalMean(mean, contrast?.Ci, withValues.Count, withValues.Sum(c => c.Values.Length));
    }
}
