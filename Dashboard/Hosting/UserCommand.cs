using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// <c>./ablate user …</c> (the dashboard executable with "user" first): add a user, change a
/// password, create a personal API token, list users. Works on the configured database with the
/// dashboard stopped or running; passwords are read from stdin, never from the command line.
/// </summary>
public static class UserCommand
{
    private const string Usage = """
        usage: ablate user add NAME        create a user; the password is read from stdin (asked twice on a terminal)
               ablate user passwd NAME     set a new password, read the same way
               ablate user token NAME [LABEL]   print a new personal API token for curl (shown once)
               ablate user list            the users
        """;

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "user";

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.ElementAtOrDefault(1);
        var name = args.ElementAtOrDefault(2);
        if (verb is not ("add" or "passwd" or "token" or "list") || (verb != "list" && string.IsNullOrWhiteSpace(name)))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        // Anything after the verb's own words is configuration (--ConnectionStrings:Ablation=…).
        var label = verb == "token" && args.ElementAtOrDefault(3) is { } third && !third.StartsWith("--", StringComparison.Ordinal) ? third : null;
        var builder = WebApplication.CreateBuilder(RepoRoot.CreateOptions([.. args.Skip((verb == "list" ? 2 : 3) + (label is null ? 0 : 1))]));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDashboardStorage();
        builder.Services.AddDashboardUsers();
        await using var app = builder.Build();
        await app.MigrateDashboardStorageAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var error = verb switch
        {
            "add" => await AddAsync(users, name!),
            "passwd" => await PasswdAsync(users, name!),
            "token" => await TokenAsync(users, app.Services.GetRequiredService<ApiTokenService>(), name!, label ?? "api"),
            _ => await ListAsync(app.Services),
        };
        if (error is not null)
        {
            Console.Error.WriteLine($"ablate user {verb}: {error}");
            return 1;
        }

        return 0;
    }

    private static async Task<string?> AddAsync(UserManager<IdentityUser> users, string name)
    {
        if (await users.FindByNameAsync(name) is not null)
        {
            return $"user '{name}' exists; change the password with `ablate user passwd {name}`";
        }

        if (ReadPassword() is not { } password)
        {
            return "no password given (type it, or pipe it on stdin)";
        }

        var problem = await UserAccounts.CreateAsync(users, name, password);
        if (problem is null)
        {
            Console.WriteLine($"created user '{name}'");
        }

        return problem;
    }

    private static async Task<string?> PasswdAsync(UserManager<IdentityUser> users, string name)
    {
        if (await users.FindByNameAsync(name) is not { } user)
        {
            return $"there is no user '{name}'";
        }

        if (ReadPassword() is not { } password)
        {
            return "no password given (type it, or pipe it on stdin)";
        }

        var problem = await UserAccounts.SetPasswordAsync(users, user, password);
        if (problem is null)
        {
            Console.WriteLine($"changed the password of '{name}'");
        }

        return problem;
    }

    private static async Task<string?> TokenAsync(UserManager<IdentityUser> users, ApiTokenService tokens, string name, string label)
    {
        if (await users.FindByNameAsync(name) is not { } user)
        {
            return $"there is no user '{name}'";
        }

        // stdout carries the token alone, so `TOKEN=$(./ablate user token me)` works.
        Console.WriteLine(await tokens.CreateAsync(user.Id, label));
        Console.Error.WriteLine($"a new API token for '{name}' ({label}); it is not shown again. Use: curl -H \"Authorization: Bearer $TOKEN\" …");
        return null;
    }

    private static async Task<string?> ListAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        foreach (var name in await db.Users.OrderBy(u => u.UserName).Select(u => u.UserName).ToListAsync())
        {
            Console.WriteLine(name);
        }

        return null;
    }

    /// <summary>From a terminal: asked twice without echo; from a pipe: the first line.</summary>
    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() is { Length: > 0 } line ? line : null;
        }

        var first = Prompt("Password: ");
        var second = Prompt("Again: ");
        if (first != second)
        {
            Console.Error.WriteLine("the two passwords differ");
            return null;
        }

        return first.Length > 0 ? first : null;
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
