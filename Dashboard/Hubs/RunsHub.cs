using Microsoft.AspNetCore.SignalR;

namespace Ablation.Dashboard.Hubs;

/// <summary>
/// Live run updates for external clients (`./ablate watch`, scripts) at <see cref="Path"/>. A client
/// calls FollowStudy or FollowRun and then receives "runUpdate" messages (<see cref="RunUpdateMessage"/>).
/// </summary>
public sealed class RunsHub : Hub
{
    public const string Path = "/hubs/runs";
    public const string UpdateMethod = "runUpdate";

    public static string StudyGroup(int studyId) => $"study-{studyId}";

    public static string RunGroup(int runId) => $"run-{runId}";

    public Task FollowStudy(int studyId) => Groups.AddToGroupAsync(Context.ConnectionId, StudyGroup(studyId));

    public Task UnfollowStudy(int studyId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, StudyGroup(studyId));

    public Task FollowRun(int runId) => Groups.AddToGroupAsync(Context.ConnectionId, RunGroup(runId));

    public Task UnfollowRun(int runId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, RunGroup(runId));
}

/// <summary>What a hub client receives: the run's state and the points recorded since the last message.</summary>
public sealed record RunUpdateMessage(int StudyId, int RunId, string Label, string Status, int EpochsDone, int Epochs,
    string? Error, string? Event, IReadOnlyList<RunPointMessage> Points);

public sealed record RunPointMessage(long Step, int Epoch, string Split, string Name, double Value);
