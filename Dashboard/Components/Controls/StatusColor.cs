using Ablation.Dashboard.Data;
using MudBlazor;

namespace Ablation.Dashboard.Components.Controls;

/// <summary>The palette colour a run's status is shown in, the same on every page.</summary>
public static class StatusColor
{
    public static Color Of(RunStatus status) => status switch
    {
        RunStatus.Succeeded => Color.Success,
        RunStatus.Running => Color.Info,
        RunStatus.Failed or RunStatus.Diverged => Color.Error,
        RunStatus.Canceled => Color.Warning,
        _ => Color.Default,
    };
}
