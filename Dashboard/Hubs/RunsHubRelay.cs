using Ablation.Dashboard.Services.Runs;
using Microsoft.AspNetCore.SignalR;

namespace Ablation.Dashboard.Hubs;

/// <summary>Feeds the hub from the in-process event bus: every update goes to its study's and its run's group.</summary>
public sealed class RunsHubRelay(RunEventBus bus, IHubContext<RunsHub> hub, ILogger<RunsHubRelay> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeAll(Relay);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void Relay(RunUpdate u)
    {
        var message = new RunUpdateMessage(u.StudyId, u.RunId, u.Label, u.Status.ToString().ToLowerInvariant(), u.EpochsDone, u.Epochs, u.Error, u.Event,
            u.Points.Select(p => new RunPointMessage(p.Step, p.Epoch, p.Split, p.Name, p.Value)).ToList());
        var send = hub.Clients.Groups(RunsHub.StudyGroup(u.StudyId), RunsHub.RunGroup(u.RunId)).SendAsync(RunsHub.UpdateMethod, message);
        // The publisher (a run's supervisor) must not wait on slow clients.
        _ = send.ContinueWith(t => logger.LogWarning(t.Exception, "sending a run update to hub clients failed"), TaskContinuationOptions.OnlyOnFaulted);
    }
}
