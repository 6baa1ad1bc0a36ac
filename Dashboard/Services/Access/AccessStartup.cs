using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Services.Access;

/// <summary>
/// Start-up checks of access: creates <see cref="AccessOptions.InitialUser"/> when asked, and
/// refuses to start when a login is required but no user exists (nobody could ever sign in).
/// </summary>
public static class AccessStartup
{
    /// <summary>Null when the dashboard may start; otherwise the one line that says why not and what to do.</summary>
    public static async Task<string?> PrepareAsync(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AccessOptions>>().Value;
        var policy = services.GetRequiredService<AccessPolicy>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccessStartup));
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();

        if (!string.IsNullOrWhiteSpace(options.InitialUser) && await users.FindByNameAsync(options.InitialUser) is null)
        {
            var password = Environment.GetEnvironmentVariable(AccessOptions.InitialPasswordVariable);
            if (string.IsNullOrEmpty(password))
            {
                return $"Dashboard:InitialUser is '{options.InitialUser}' but {AccessOptions.InitialPasswordVariable} is not set: put the user's password in that environment variable (never in a file).";
            }

            if (await UserAccounts.CreateAsync(users, options.InitialUser, password) is { } problem)
            {
                return $"Dashboard:InitialUser '{options.InitialUser}' could not be created: {problem}";
            }

            logger.LogInformation("Created the initial user {User}", options.InitialUser);
        }

        if (policy.LoginRequired && !await users.Users.AnyAsync())
        {
            return $"Sign-in is required ({policy.Reason}) but no user exists, so nobody could sign in. Create one with `./ablate user add NAME` "
                + $"(the password is read from stdin), or set Dashboard:InitialUser=NAME with the password in {AccessOptions.InitialPasswordVariable}; "
                + "or listen on 127.0.0.1 only.";
        }

        logger.LogInformation(policy.LoginRequired ? "Sign-in required: {Reason}" : "Open without sign-in: {Reason}", policy.Reason);
        return null;
    }
}
