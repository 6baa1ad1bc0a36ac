using Microsoft.AspNetCore.Components.Authorization;

namespace Ablation.Dashboard.Services.Access;

/// <summary>
/// The access check for a Blazor circuit: every handler that changes state (launch, cancel,
/// share, revoke) asks here on the server before acting, whatever the page showed, so a hidden
/// button is never the only guard.
/// </summary>
public sealed class CircuitAccess(AuthenticationStateProvider authentication, AccessPolicy policy)
{
    public const string Refusal = "Sign in to change anything on this dashboard.";

    public async Task<bool> CanChangeAsync() => policy.CanChange((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>The signed-in user's name, or "local user" on an open (loopback) dashboard.</summary>
    public async Task<string> UserNameAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "local user";
}
