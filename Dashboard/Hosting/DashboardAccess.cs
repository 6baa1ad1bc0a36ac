using System.Threading.RateLimiting;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Sharing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// Who may use the dashboard (docs/security.md): Identity users on the same SQLite file, a cookie
/// for browsers and personal API tokens for scripts, one <see cref="AccessPolicy"/> that pages,
/// the API and the hub ask, rate-limited sign-in, and share links.
/// </summary>
public static class DashboardAccess
{
    public const string SignInLimiter = "sign-in";

    public static WebApplicationBuilder AddDashboardAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section)
            .Validate(o => o.SignInAttemptsPerMinute > 0, "Dashboard:SignInAttemptsPerMinute must be at least 1").ValidateOnStart();
        var options = builder.Configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();
        var policy = new AccessPolicy(options.RequireLogin, ListenAddresses.From(builder.Configuration, DashboardDefaults.DefaultUrl));
        services.AddSingleton(policy);

        services.AddDashboardUsers().AddSignInManager();
        services.AddAuthentication(o => o.DefaultScheme = DashboardSchemes.Default)
            .AddPolicyScheme(DashboardSchemes.Default, "cookie or API token", o => o.ForwardDefaultSelector = DashboardSchemes.Select)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(ConfigureCookie));
        services.AddAuthorization(o => o.AddPolicy(AccessPolicy.Name, p => p.RequireAssertion(c => policy.CanRead(c.User))));
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAccessState>();
        // Cookies are checked against the user's security stamp this often (Identity's default is 30 minutes).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = RevalidatingAccessState.Interval);
        services.AddScoped<CircuitAccess>();
        services.AddSingleton<ShareLinkService>();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInLimiter, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancel) =>
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address; wait a minute and try again.", cancel);
        });
        return builder;
    }

    /// <summary>Identity's user store and password hashing, without cookies: also what the command line needs.</summary>
    public static IdentityBuilder AddDashboardUsers(this IServiceCollection services)
    {
        services.AddSingleton<ApiTokenService>();
        return services.AddIdentityCore<IdentityUser>(o =>
            {
                // Long rather than complicated (NIST SP 800-63B); repeated failures lock the account for a while.
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddEntityFrameworkStores<AblationDb>();
    }

    /// <summary>Authentication, the sign-in rate limiter and authorization; before antiforgery, which needs the user.</summary>
    public static WebApplication UseDashboardAccess(this WebApplication app)
    {
        var policy = app.Services.GetRequiredService<AccessPolicy>();
        app.Use(async (context, next) =>
        {
            if (policy.RefusesProxied(context.Request.Headers))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("This dashboard listens on loopback only and is open without sign-in, but this request came through a proxy, "
                    + "which makes it reachable from beyond this machine. Set Dashboard:RequireLogin to always (docs/security.md).");
                return;
            }

            await next(context);
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Null when the dashboard may start, else why not (see <see cref="AccessStartup"/>).</summary>
    public static Task<string?> PrepareDashboardAccessAsync(this WebApplication app) => AccessStartup.PrepareAsync(app.Services);

    private static void ConfigureCookie(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions cookie)
    {
        cookie.LoginPath = "/login";
        cookie.Cookie.Name = "ablation.auth";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
        cookie.SlidingExpiration = true;
        // Scripts and hub clients get a status code, not a redirect to an HTML form ...
        cookie.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
    }

    private static Task StatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        // ... and so do downloads (results.csv, points.json, report.html, study.yaml …): a file name ends the path.
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || System.IO.Path.HasExtension(path.Value))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
