using System.Globalization;

namespace Ablation.Dashboard.Services.Analysis;

/// <summary>
/// Writes a comparison as one line: the difference with its interval (accuracies in percentage
/// points), the p-value, and "helps", "hurts" or "not distinguishable from noise with n = …".
/// Helps or hurts needs p &lt; 0.05, an interval that excludes zero (when there is one) and two
/// runs on each side; which of the two follows the sign and whether higher is better.
/// </summary>
public static class VerdictWriter
{
    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;

    public static Verdict For(string axis, string level, string baseline, LevelComparison? comparison, string metric, bool higherIsBetter)
    {
        var subject = $"{axis}={level}";
        if (comparison is null)
        {
            return new Verdict(VerdictKind.NoData, $"{subject}: no succeeded runs to compare with {axis}={baseline}");
        }

        var (scale, unit) = Units(metric);
        var text = new System.Text.StringBuilder($"{subject}: {Signed(comparison.Difference * scale, scale)}{unit} {Readable(metric)}");
        if (comparison.Ci is { } ci)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{Signed(ci.Low * scale, scale)}, {Signed(ci.High * scale, scale)}]");
        }

        text.Append(", ").Append(FormatP(comparison.P));
        if (comparison.Test != EffectTest.Welch)
        {
            text.Append(" (permutation)");
        }

        var decisive = comparison.P < EffectsAnalysis.Alpha && comparison.Ci?.Contains(0) != true && comparison.N >= 2 && comparison.BaselineN >= 2;
        if (!decisive)
        {
            var n = comparison.N == comparison.BaselineN ? $"{comparison.N}" : $"{comparison.N} vs {comparison.BaselineN}";
            return new Verdict(VerdictKind.Noise, $"{text} — not distinguishable from noise with n = {n}");
        }

        var helps = comparison.Difference > 0 == higherIsBetter;
        return new Verdict(helps ? VerdictKind.Helps : VerdictKind.Hurts, $"{text} — {(helps ? "helps" : "hurts")}");
    }

    /// <summary>"p &lt; 0.001", or p with two significant digits ("p = 0.012", "p = 0.41").</summary>
    public static string FormatP(double p) => p < 0.001 ? "p < 0.001" : $"p = {PValue(p)}";

    /// <summary>The p-value alone: "&lt; 0.001", "0.012", "0.41".</summary>
    public static string PValue(double p) => p < 0.001 ? "< 0.001" : p.ToString(p < 0.01 ? "0.0000" : p < 0.1 ? "0.000" : "0.00", _invariant);

    /// <summary>Accuracies as percentage points; every other metric in its own units.</summary>
    public static (double Scale, string Unit) Units(string metric) => IsAccuracy(metric) ? (100, " pts") : (1, "");

    public static bool IsAccuracy(string metric) => metric.Contains("accuracy", StringComparison.Ordinal);

    /// <summary>"test_accuracy_at_best_val" → "test accuracy at best val".</summary>
    public static string Readable(string metric) => metric.Replace('_', ' ');

    /// <summary>A signed number with a true minus sign: one decimal for percentage points, three significant digits otherwise.</summary>
    public static string Signed(double value, double scale)
    {
        var text = scale == 100 ? Math.Abs(value).ToString("0.0", _invariant) : Significant(Math.Abs(value));
        return (value < 0 && text.Any(c => c is >= '1' and <= '9') ? "−" : "+") + text;
    }

    private static string Significant(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(value)), 0, 10);
        return value.ToString("F" + decimals.ToString(_invariant), _invariant);
    }
}
