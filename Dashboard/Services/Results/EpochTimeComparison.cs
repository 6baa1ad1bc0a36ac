using Ablation.Contracts.Metrics;
using Ablation.Dashboard.Data;

namespace Ablation.Dashboard.Services.Results;

/// <summary>One run's mean time per epoch, as a bar of the comparison.</summary>
/// <param name="FromEpochs">True when the run has no final metrics (diverged, failed, running) and the value is the mean of its recorded epochs.</param>
public sealed record EpochTimeBar(int RunId, string Label, double Seconds, RunStatus Status, bool FromEpochs);

/// <summary>The runs of one axis value; <see cref="Mean"/> is over its succeeded runs only, null when it has none.</summary>
public sealed record EpochTimeGroup(string Value, IReadOnlyList<EpochTimeBar> Runs, double? Mean);

/// <summary>
/// Mean time per epoch compared across runs, grouped by an axis (study B compares it by
/// activation and by loss). A run's value is its final <c>mean_epoch_seconds</c>; a run without
/// final metrics shows the mean of the epoch times it recorded, marked, and stays out of the means.
/// </summary>
public static class EpochTimeComparison
{
    /// <exception cref="ArgumentException">The study has no such axis.</exception>
    public static IReadOnlyList<EpochTimeGroup> Build(StudyResults results, string axis)
    {
        var values = results.Axis(axis)?.Values ?? throw new ArgumentException($"the study has no axis '{axis}'", nameof(axis));
        var groups = new List<EpochTimeGroup>();
        foreach (var value in values)
        {
            var bars = results.Runs
                .Where(r => r.Cell.GetValueOrDefault(axis) == value)
                .Select(r => Bar(r, results))
                .OfType<EpochTimeBar>()
                .ToList();
            if (bars.Count == 0)
            {
                continue;
            }

            var finished = bars.Where(b => b.Status == RunStatus.Succeeded && !b.FromEpochs).Select(b => b.Seconds).ToList();
            groups.Add(new EpochTimeGroup(value, bars, finished.Count == 0 ? null : finished.Average()));
        }

        return groups;
    }

    private static EpochTimeBar? Bar(RunResult run, StudyResults results)
    {
        if (run.FinalMetrics?.GetValueOrDefault(ResultMetrics.MeanEpochSeconds) is { } final && double.IsFinite(final))
        {
            return new EpochTimeBar(run.Id, run.Label, final, run.Status, FromEpochs: false);
        }

        var epochs = results.SeriesFor(run.Id, Split.Train.Key, EpochValues.EpochSeconds);
        return epochs is { Points.Count: > 0 }
            ? new EpochTimeBar(run.Id, run.Label, epochs.Points.Average(p => p.Value), run.Status, FromEpochs: true)
            : null;
    }
}
