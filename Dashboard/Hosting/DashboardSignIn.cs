using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// The sign-in form's target and sign-out (the form itself is Components/Access/Login.razor).
/// Sign-in attempts are rate-limited per client address (<see cref="DashboardAccess.SignInLimiter"/>)
/// and repeated failures lock the account (Identity lockout); both post with an antiforgery token.
/// </summary>
public static class DashboardSignIn
{
    public static WebApplication MapDashboardSignIn(this WebApplication app)
    {
        app.MapPost("/account/login", SignInAsync).RequireRateLimiting(DashboardAccess.SignInLimiter);
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.Redirect("/login?signedOut=1");
        });
        return app;
    }

    private static async Task<IResult> SignInAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, SignInManager<IdentityUser> signIn)
    {
        var back = IsLocal(returnUrl) ? returnUrl! : "/";
        if (!string.IsNullOrEmpty(userName) && !string.IsNullOrEmpty(password))
        {
            var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: true, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return Results.Redirect(back);
            }

            if (result.IsLockedOut)
            {
                return Results.Redirect($"/login?error=locked&ReturnUrl={Uri.EscapeDataString(back)}");
            }
        }

        return Results.Redirect($"/login?error=failed&ReturnUrl={Uri.EscapeDataString(back)}");
    }

    /// <summary>Only paths on this dashboard: never another host (//evil, /\evil, http://…).</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
