using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Sharing;
using Microsoft.AspNetCore.SignalR;

namespace Ablation.Dashboard.Hubs;

/// <summary>
/// Live run updates for external clients (`./ablate watch`, scripts) at <see cref="Path"/>. A client
/// calls FollowStudy or FollowRun and then receives "runUpdate" messages (<see cref="RunUpdateMessage"/>).
/// Following needs what reading needs (<see cref="AccessPolicy"/>); without a user, FollowShare(token)
/// follows the one study a share link opens, and nothing else.
/// </summary>
public sealed class RunsHub(AccessPolicy access, ShareLinkService links, ShareFollowers shareFollowers) : Hub
{
    public const string Path = "/hubs/runs";
    public const string UpdateMethod = "runUpdate";
    public const string RevokedMethod = "shareRevoked";

    public static string StudyGroup(int studyId) => $"study-{studyId}";

    public static string RunGroup(int runId) => $"run-{runId}";

    public Task FollowStudy(int studyId) => Groups.AddToGroupAsync(Context.ConnectionId, StudyGroup(Readable(studyId)));

    public Task UnfollowStudy(int studyId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, StudyGroup(studyId));

    public Task FollowRun(int runId) => Groups.AddToGroupAsync(Context.ConnectionId, RunGroup(Readable(runId)));

    public Task UnfollowRun(int runId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, RunGroup(runId));

    /// <summary>Follows the study of a live share link; returns the study's id.</summary>
    public async Task<int> FollowShare(string token)
    {
        var link = await links.ResolveAsync(token) ?? throw new HubException("this share link is not valid or was revoked");
        await shareFollowers.FollowAsync(Context.ConnectionId, link);
        return link.StudyId;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        shareFollowers.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private int Readable(int id) => access.CanRead(Context.User)
        ? id
        : throw new HubException("sign in (or use a share link with FollowShare) to follow studies and runs on this dashboard");
}

/// <summary>What a hub client receives: the run's state and the points recorded since the last message.</summary>
public sealed record RunUpdateMessage(int StudyId, int RunId, string Label, string Status, int EpochsDone, int Epochs,
    string? Error, string? Event, IReadOnlyList<RunPointMessage> Points);

public sealed record RunPointMessage(long Step, int Epoch, string Split, string Name, double Value);
