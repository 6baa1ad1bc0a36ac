using Ablation.Dashboard.Services.Runs;

namespace Ablation.Tests.Dashboard.Runs;

public sealed class StallWatchTests
{
    private readonly ManualClock _clock = new();
    private readonly SchedulerOptions _options = new() { StallFactor = 10, StallMinimumSeconds = 60, StallTimeoutSeconds = 600 };

    [Fact]
    public void RunThatReportsEverySecond_IsStalledAfterTheMinimum_AndEndedAfterTheTimeout()
    {
        var watch = new StallWatch(_options, _clock);
        for (var i = 0; i < 5; i++)
        {
            watch.Report();
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        watch.Report();
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(watch.BecameStalled());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(watch.BecameStalled());
        Assert.False(watch.BecameStalled()); // once, not on every look
        Assert.False(watch.TimedOut());

        _clock.Advance(TimeSpan.FromSeconds(540));
        Assert.True(watch.TimedOut());
        Assert.Contains("reported nothing for 10 min (its longest pause before was 1 s)", watch.TimeOutReason());
    }

    [Fact]
    public void SlowRun_IsJudgedByItsOwnPace()
    {
        var watch = new StallWatch(_options, _clock);
        watch.Report();
        _clock.Advance(TimeSpan.FromMinutes(2)); // an epoch's evaluation: two minutes between reports
        watch.Report();

        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.False(watch.BecameStalled());
        Assert.False(watch.TimedOut()); // past the time-out, but not ten times its own pace

        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(watch.BecameStalled());
        Assert.True(watch.TimedOut());
    }

    [Fact]
    public void ReportAfterAStall_EndsIt()
    {
        var watch = new StallWatch(_options, _clock);
        watch.Report();
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True(watch.BecameStalled());

        Assert.True(watch.Report());
        Assert.False(watch.Stalled);
        Assert.False(watch.Report());
    }

    [Fact]
    public void BeforeItsFirstReport_ARunIsNeverShownStalled_ButTheTimeoutHolds()
    {
        var watch = new StallWatch(_options, _clock);

        _clock.Advance(TimeSpan.FromSeconds(599));
        Assert.False(watch.BecameStalled());
        Assert.False(watch.TimedOut());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(watch.TimedOut());
        Assert.Contains("after it started", watch.TimeOutReason());
    }

    [Fact]
    public void TimeoutZero_NeverEndsARun()
    {
        var watch = new StallWatch(new SchedulerOptions { StallTimeoutSeconds = 0 }, _clock);
        watch.Report();

        _clock.Advance(TimeSpan.FromDays(3));

        Assert.True(watch.BecameStalled());
        Assert.False(watch.TimedOut());
    }

    /// <summary>Time that moves only when a test moves it.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero).AddTicks(_ticks);

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
