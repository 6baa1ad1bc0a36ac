using System.CommandLine;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Access;
using Ablation.Training.Cli;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// <c>./ablate user …</c> (the dashboard executable with "user" first): add a user, change a
/// password, create a personal API token, list users. Works on the configured database with the
/// dashboard stopped or running; passwords are read from stdin, never from the command line.
/// </summary>
public sealed class UserCommand : Command
{
    public UserCommand()
        : base("user", "Manage the dashboard's users and their API tokens, on the configured database (the dashboard may be running). "
            + "Settings are written --Section:Key=value, e.g. --ConnectionStrings:Ablation=\"Data Source=/srv/ablation.db\".")
    {
        Add(Verb("add", "Create a user; the password is read from stdin (asked twice on a terminal).",
            (users, _, name, _, stdout, stderr) => AddAsync(users, name, stdout, stderr)));
        Add(Verb("passwd", "Set a new password, read the same way.",
            (users, _, name, _, stdout, stderr) => PasswdAsync(users, name, stdout, stderr)));
        Add(Verb("token", "Print a new personal API token for curl (shown once).",
            (users, tokens, name, label, stdout, stderr) => TokenAsync(users, tokens, name, label ?? "api", stdout, stderr), label: true));
        Add(Verb("list", "The users.", null));
    }

    private delegate Task<string?> UserAction(UserManager<IdentityUser> users, ApiTokenService tokens, string name, string? label, TextWriter stdout, TextWriter stderr);

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "user";

    public static Task<int> RunAsync(string[] args) =>
        CommandLineRunner.InvokeAsync(new RootCommand("The ablation dashboard.") { new UserCommand() }, args, Console.Out, Console.Error);

    /// <summary>One verb; <paramref name="action"/> null lists the users.</summary>
    private static Command Verb(string verb, string description, UserAction? action, bool label = false)
    {
        var command = new Command(verb, description) { TreatUnmatchedTokensAsErrors = false };
        var nameArgument = new Argument<string>("NAME") { Description = "The user name." }.LeavingOptions();
        var labelArgument = new Argument<string?>("LABEL") { Description = "What the token is for (default: api).", Arity = ArgumentArity.ZeroOrOne }
            .LeavingOptions(r => r.Tokens[0].Value);
        if (action is not null)
        {
            command.Add(nameArgument);
        }

        if (label)
        {
            command.Add(labelArgument);
        }

        command.SetAction(async (parse, cancel) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var name = action is null ? "" : parse.GetRequiredValue(nameArgument);
            if (action is not null && string.IsNullOrWhiteSpace(name))
            {
                await stderr.WriteLineAsync($"ablate user {verb}: a user name cannot be blank");
                return CommandLineRunner.ExitUsage;
            }

            // Settings (--ConnectionStrings:Ablation=…) configure the same host the dashboard builds.
            var builder = WebApplication.CreateBuilder(RepoRoot.CreateOptions([.. CommandLineRunner.Settings(parse)]));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddDashboardStorage();
            builder.Services.AddDashboardUsers();
            await using var app = builder.Build();
            await app.MigrateDashboardStorageAsync();
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var error = action is null
                ? await ListAsync(app.Services, stdout)
                : await action(users, app.Services.GetRequiredService<ApiTokenService>(), name, label ? parse.GetValue(labelArgument) : null, stdout, stderr);
            if (error is not null)
            {
                await stderr.WriteLineAsync($"ablate user {verb}: {error}");
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static async Task<string?> AddAsync(UserManager<IdentityUser> users, string name, TextWriter stdout, TextWriter stderr)
    {
        if (await users.FindByNameAsync(name) is not null)
        {
            return $"user '{name}' exists; change the password with `ablate user passwd {name}`";
        }

        if (ReadPassword(stderr) is not { } password)
        {
            return "no password given (type it, or pipe it on stdin)";
        }

        var problem = await UserAccounts.CreateAsync(users, name, password);
        if (problem is null)
        {
            stdout.WriteLine($"created user '{name}'");
        }

        return problem;
    }

    private static async Task<string?> PasswdAsync(UserManager<IdentityUser> users, string name, TextWriter stdout, TextWriter stderr)
    {
        if (await users.FindByNameAsync(name) is not { } user)
        {
            return $"there is no user '{name}'";
        }

        if (ReadPassword(stderr) is not { } password)
        {
            return "no password given (type it, or pipe it on stdin)";
        }

        var problem = await UserAccounts.SetPasswordAsync(users, user, password);
        if (problem is null)
        {
            stdout.WriteLine($"changed the password of '{name}'");
        }

        return problem;
    }

    private static async Task<string?> TokenAsync(UserManager<IdentityUser> users, ApiTokenService tokens, string name, string label, TextWriter stdout, TextWriter stderr)
    {
        if (await users.FindByNameAsync(name) is not { } user)
        {
            return $"there is no user '{name}'";
        }

        // stdout carries the token alone, so `TOKEN=$(./ablate user token me)` works.
        stdout.WriteLine(await tokens.CreateAsync(user.Id, label));
        stderr.WriteLine($"a new API token for '{name}' ({label}); it is not shown again. Use: curl -H \"Authorization: Bearer $TOKEN\" …");
        return null;
    }

    private static async Task<string?> ListAsync(IServiceProvider services, TextWriter stdout)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        foreach (var name in await db.Users.OrderBy(u => u.UserName).Select(u => u.UserName).ToListAsync())
        {
            stdout.WriteLine(name);
        }

        return null;
    }

    /// <summary>From a terminal: asked twice without echo; from a pipe: the first line.</summary>
    private static string? ReadPassword(TextWriter stderr)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() is { Length: > 0 } line ? line : null;
        }

        var first = Prompt("Password: ", stderr);
        var second = Prompt("Again: ", stderr);
        if (first != second)
        {
            stderr.WriteLine("the two passwords differ");
            return null;
        }

        return first.Length > 0 ? first : null;
    }

    private static string Prompt(string label, TextWriter stderr)
    {
        stderr.Write(label);
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

        stderr.WriteLine();
        return text.ToString();
    }
}
