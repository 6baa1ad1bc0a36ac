using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Services.Access;

/// <summary>
/// Signs in a request that carries a personal API token: <c>Authorization: Bearer abl_…</c>, or,
/// for the hub (where a browser's WebSocket cannot set headers), <c>?access_token=abl_…</c>.
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>Whether the request carries something that looks like an API token (then this scheme, not the cookie, judges it).</summary>
    public static bool Carries(HttpContext context) => TokenOf(context) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenOf(Context);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (await tokens.FindUserAsync(token, Context.RequestAborted) is not { } user)
        {
            return AuthenticateResult.Fail("the API token is not valid");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.UserId), new Claim(ClaimTypes.Name, user.UserName)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    private static string? TokenOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"].ToString() is { Length: > 0 } query
            && query.StartsWith(ApiTokenService.Prefix, StringComparison.Ordinal) ? query : null;
    }
}

/// <summary>The names of the schemes: a policy scheme that picks the API token or Identity's cookie per request.</summary>
public static class DashboardSchemes
{
    public const string Default = "CookieOrApiToken";

    public static string Select(HttpContext context) =>
        ApiTokenAuthentication.Carries(context) ? ApiTokenAuthentication.SchemeName : IdentityConstants.ApplicationScheme;
}
