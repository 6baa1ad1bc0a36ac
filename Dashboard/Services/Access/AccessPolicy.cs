using System.Security.Claims;

namespace Ablation.Dashboard.Services.Access;

/// <summary>
/// The one place that decides who may use the dashboard. Without a login requirement (loopback
/// only, or <see cref="LoginRule.Never"/>) everyone may read and change; with it, reading and
/// changing state both need a signed-in user (a cookie or a personal API token). Share links are
/// the one way in without a user, and they reach only their study's results
/// (<see cref="Sharing.ShareLinkService"/>). Pages, the REST API and the hub all ask here.
/// </summary>
public sealed class AccessPolicy
{
    /// <summary>The authorization policy name pages and endpoints carry.</summary>
    public const string Name = "dashboard-user";

    public AccessPolicy(LoginRule rule, IReadOnlyList<string> addresses)
    {
        Rule = rule;
        Addresses = addresses;
        var beyondLoopback = !ListenAddresses.AllLoopback(addresses);
        LoginRequired = rule switch
        {
            LoginRule.Always => true,
            LoginRule.Never => false,
            _ => beyondLoopback,
        };
        Reason = rule switch
        {
            LoginRule.Always => "Dashboard:RequireLogin is always",
            LoginRule.Never => "Dashboard:RequireLogin is never",
            _ when beyondLoopback => $"the dashboard listens beyond loopback ({string.Join(", ", addresses.Where(a => !ListenAddresses.IsLoopback(a)))})",
            _ => "the dashboard listens on loopback only",
        };
    }

    public LoginRule Rule { get; }

    /// <summary>Whether every read and every change needs a signed-in user.</summary>
    public bool LoginRequired { get; }

    /// <summary>Why <see cref="LoginRequired"/> is what it is, for the start-up log.</summary>
    public string Reason { get; }

    /// <summary>The addresses the decision was made from.</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>May this user see studies, runs and metrics?</summary>
    public bool CanRead(ClaimsPrincipal? user) => !LoginRequired || IsSignedIn(user);

    /// <summary>May this user create, launch, cancel, duplicate or share?</summary>
    public bool CanChange(ClaimsPrincipal? user) => !LoginRequired || IsSignedIn(user);

    /// <summary>
    /// True for a request that a reverse proxy forwarded to a dashboard left open because it
    /// listens on loopback: the proxy makes it reachable from beyond, so the open rule no longer
    /// holds. Such requests are refused until <c>Dashboard:RequireLogin</c> is set (always, or never
    /// on purpose).
    /// </summary>
    public bool RefusesProxied(IHeaderDictionary headers) =>
        Rule == LoginRule.Auto && !LoginRequired && (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded"));

    private static bool IsSignedIn(ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true;
}
