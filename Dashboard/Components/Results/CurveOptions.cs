using Ablation.Dashboard.Services.Analysis;

namespace Ablation.Dashboard.Components.Results;

/// <summary>What the results curves show: a metric ("split/name"), aggregated by cell or run by run, and how smoothed.</summary>
/// <param name="Aggregate">One mean line and band per cell instead of one line per run.</param>
/// <param name="ShowRuns">With <paramref name="Aggregate"/>, the single runs too, faded behind their cell's mean.</param>
public sealed record CurveOptions(string Curve, bool Aggregate, BandMode Band, bool ShowRuns, Smoothing Smoothing)
{
    public static CurveOptions Runs(string curve) => new(curve, Aggregate: false, BandMode.StdDev, ShowRuns: true, Smoothing.None);
}
