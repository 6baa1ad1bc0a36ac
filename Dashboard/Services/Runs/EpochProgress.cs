using System.Globalization;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>
/// How far a run got, as the monitor and the run page show it: "3 / 10", and for a run that early
/// stopping ended "3 / 10 (stopped early, best epoch 1)", so a short succeeded run does not read as
/// an unfinished one.
/// </summary>
public static class EpochProgress
{
    /// <summary>A succeeded run that trained fewer epochs than asked, or whose worker said so.</summary>
    public static bool StoppedEarly(Run run)
    {
        if (run.Status != RunStatus.Succeeded)
        {
            return false;
        }

        var metrics = ResultMetrics.Parse(run.FinalMetricsJson);
        return metrics?.GetValueOrDefault(ResultMetrics.StoppedEarly) == 1 || run.EpochsDone < run.Epochs;
    }

    public static string Describe(Run run)
    {
        var text = $"{run.EpochsDone} / {run.Epochs}";
        if (!StoppedEarly(run))
        {
            return text;
        }

        var bestEpoch = ResultMetrics.Parse(run.FinalMetricsJson)?.GetValueOrDefault(ResultMetrics.BestValEpoch);
        return bestEpoch is { } best
            ? $"{text} (stopped early, best epoch {best.ToString(CultureInfo.InvariantCulture)})"
            : $"{text} (stopped early)";
    }
}
