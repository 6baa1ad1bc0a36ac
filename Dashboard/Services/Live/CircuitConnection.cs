using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Ablation.Dashboard.Services.Live;

/// <summary>
/// The browser connection of one circuit (scoped: one per open tab). Blazor keeps a circuit alive
/// through a short connection loss and re-sends the renders the browser missed, but not the
/// JS interop calls that extended live charts meanwhile: a live page subscribes to
/// <see cref="Reconnected"/> and redraws from the database, so it catches up on what it missed.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    private int _downs;

    /// <summary>Raised when the browser is connected again after a loss (not on the first connection).</summary>
    public event Func<Task>? Reconnected;

    /// <summary>How many times the connection came back.</summary>
    public int Reconnections { get; private set; }

    /// <summary>
    /// False while the browser is away. A JS interop call made then is never answered (it waits out
    /// its timeout), so live charts skip their calls and the page redraws on <see cref="Reconnected"/>.
    /// </summary>
    public bool IsConnected { get; private set; } = true;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsConnected = false;
        Interlocked.Increment(ref _downs);
        return Task.CompletedTask;
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsConnected = true;
        if (Volatile.Read(ref _downs) == 0)
        {
            return; // the first connection
        }

        Reconnections++;
        if (Reconnected is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            {
                await handler();
            }
        }
    }
}
