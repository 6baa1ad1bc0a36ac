namespace Ablation.Dashboard.Services.Live;

/// <summary>
/// Coalesces bursts of notifications into at most one call of <c>action</c> per interval: a run
/// writing a batch every 200 ms must not re-render a page once per batch per run. The trailing
/// notification is never dropped, so the last state is always shown.
/// </summary>
public sealed class RenderThrottle(TimeSpan interval, Func<Task> action) : IDisposable
{
    private readonly Lock _gate = new();
    private DateTime _last = DateTime.MinValue;
    private bool _scheduled;
    private bool _disposed;

    public void Notify()
    {
        TimeSpan wait;
        lock (_gate)
        {
            if (_scheduled || _disposed)
            {
                return;
            }

            _scheduled = true;
            var due = _last + interval - DateTime.UtcNow;
            wait = due > TimeSpan.Zero ? due : TimeSpan.Zero;
        }

        _ = Task.Delay(wait).ContinueWith(async _ =>
        {
            lock (_gate)
            {
                _scheduled = false;
                _last = DateTime.UtcNow;
                if (_disposed)
                {
                    return;
                }
            }

            await action();
        }, TaskScheduler.Default).Unwrap();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
    }
}
