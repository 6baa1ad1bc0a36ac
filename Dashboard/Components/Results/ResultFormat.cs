using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Dashboard.Components.Results;

/// <summary>How the results tables write a value: four decimals, thousands grouped, "–" for nothing recorded.</summary>
public static class ResultFormat
{
    /// <summary>A value of a <see cref="ResultColumn"/>: a number, a status, a text.</summary>
    public static string Value(object? value) => value switch
    {
        null => "–",
        double d when double.IsNaN(d) => "NaN",
        double d when Math.Abs(d) >= 1000 => d.ToString("N0"),
        double d => d.ToString("0.0000"),
        long l => l.ToString("N0"),
        RunStatus status => status.ToString().ToLowerInvariant(),
        var other => other.ToString() ?? "",
    };

    /// <summary>"0.9123 ± 0.0040": the mean, and the standard deviation once there are two values; "–" when there are none.</summary>
    public static string Summary(MetricSummary summary) =>
        summary.Mean is not { } mean ? "–" : summary.StdDev is { } sd ? $"{Value(mean)} ± {Value(sd)}" : Value(mean);
}
