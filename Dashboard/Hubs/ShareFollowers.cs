using System.Collections.Concurrent;
using Ablation.Dashboard.Services.Sharing;
using Microsoft.AspNetCore.SignalR;

namespace Ablation.Dashboard.Hubs;

/// <summary>
/// Hub connections that follow a study through a share link. When the link is revoked, each such
/// connection leaves the study's group at once and receives <see cref="RunsHub.RevokedMethod"/>;
/// a connection that closes is forgotten.
/// </summary>
public sealed class ShareFollowers(ShareLinkService links, IHubContext<RunsHub> hub, ILogger<ShareFollowers> logger)
{
    private readonly ConcurrentDictionary<string, List<IDisposable>> _byConnection = new();

    public async Task FollowAsync(string connectionId, ShareLinkInfo link)
    {
        var group = RunsHub.StudyGroup(link.StudyId);
        var subscription = links.OnRevoked(link.Id, () => _ = DropAsync(connectionId, group, link.Id));
        _byConnection.AddOrUpdate(connectionId, _ => [subscription], (_, list) =>
        {
            lock (list)
            {
                list.Add(subscription);
            }

            return list;
        });
        await hub.Groups.AddToGroupAsync(connectionId, group);
    }

    public void Forget(string connectionId)
    {
        if (_byConnection.TryRemove(connectionId, out var subscriptions))
        {
            lock (subscriptions)
            {
                subscriptions.ForEach(s => s.Dispose());
            }
        }
    }

    private async Task DropAsync(string connectionId, string group, int linkId)
    {
        try
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, group);
            await hub.Clients.Client(connectionId).SendAsync(RunsHub.RevokedMethod, new { linkId });
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "dropping hub connection {Connection} after share link {Link} was revoked failed", connectionId, linkId);
        }
    }
}
