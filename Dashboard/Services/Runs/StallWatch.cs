namespace Ablation.Dashboard.Services.Runs;

/// <summary>
/// How long a run has been silent, against its own pace. The pace is the longest gap seen
/// between two of its reports (any event line), so a run whose epochs end in long evaluations is
/// judged by those, and one that logs every second by that. It is shown as stalled once silent
/// for <see cref="SchedulerOptions.StallFactor"/> times its pace, and never under
/// <see cref="SchedulerOptions.StallMinimumSeconds"/>; it is ended once silent past
/// <see cref="SchedulerOptions.StallTimeoutSeconds"/> (and that many times its pace). Before its
/// first report a run has no pace (a large image folder may take minutes to decode), so only the
/// time-out applies then.
/// </summary>
public sealed class StallWatch(SchedulerOptions options, TimeProvider clock)
{
    private readonly long _started = clock.GetTimestamp();
    private long? _lastReport;
    private TimeSpan _pace;

    /// <summary>Whether the run is shown as stalled now.</summary>
    public bool Stalled { get; private set; }

    public TimeSpan Silence => clock.GetElapsedTime(_lastReport ?? _started);

    public TimeSpan Pace => _pace;

    /// <summary>New lines arrived; true when this ends a stall.</summary>
    public bool Report()
    {
        var now = clock.GetTimestamp();
        if (_lastReport is { } last)
        {
            var gap = clock.GetElapsedTime(last, now);
            _pace = gap > _pace ? gap : _pace;
        }

        _lastReport = now;
        var ended = Stalled;
        Stalled = false;
        return ended;
    }

    /// <summary>True when the run has just become stalled.</summary>
    public bool BecameStalled()
    {
        if (Stalled || _lastReport is null)
        {
            return false;
        }

        var threshold = Max(TimeSpan.FromSeconds(options.StallMinimumSeconds), _pace * options.StallFactor);
        Stalled = Silence > threshold;
        return Stalled;
    }

    /// <summary>True when the run has been silent past the time-out (never when the time-out is 0).</summary>
    public bool TimedOut() =>
        options.StallTimeoutSeconds > 0 && Silence > Max(TimeSpan.FromSeconds(options.StallTimeoutSeconds), _pace * options.StallFactor);

    /// <summary>Why a timed-out run was ended, in the run's own terms.</summary>
    public string TimeOutReason() =>
        $"stalled: the worker reported nothing for {Describe(Silence)}"
        + (_lastReport is null ? " after it started" : $" (its longest pause before was {Describe(_pace)})")
        + $", past the limit of {Describe(TimeSpan.FromSeconds(options.StallTimeoutSeconds))} (Scheduler:StallTimeoutSeconds); it was stopped";

    public static string Describe(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalMilliseconds:F0} ms",
        < 120 => $"{span.TotalSeconds:F0} s",
        < 7200 => $"{span.TotalMinutes:F0} min",
        _ => $"{span.TotalHours:F1} h",
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
