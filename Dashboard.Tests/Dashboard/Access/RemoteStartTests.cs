using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Ablation.Dashboard.Services.Access;
using Ablation.Tests.Browser;
using Ablation.Tests.Data;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard.Access;

/// <summary>
/// The real executable bound beyond loopback: it refuses to start without a user, says how to
/// make one, and `ablate user …` makes one (and an API token) on the same database.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class RemoteStartTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private string Database => $"Data Source={_root.Combine("ablation.db")}";

    [Fact]
    public async Task BeyondLoopback_WithNoUser_RefusesToStart_WithOneLineOnHowToCreateOne()
    {
        var (exit, output) = await RunAsync(["--urls", $"http://0.0.0.0:{FreePort()}"], stdin: null);

        Assert.Equal(1, exit);
        Assert.Contains("no user exists", output, StringComparison.Ordinal);
        Assert.Contains("./ablate user add NAME", output, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task UserCommand_AddsAUserAndAToken_ThatTheRemoteDashboardAccepts()
    {
        var (added, addOutput) = await RunAsync(["user", "add", "ada"], stdin: "a long enough password\n");
        Assert.True(added == 0, addOutput);
        var (again, againOutput) = await RunAsync(["user", "add", "ada"], stdin: "another long password\n");
        Assert.Equal(1, again);
        Assert.Contains("exists", againOutput, StringComparison.Ordinal);
        var (tooShort, shortOutput) = await RunAsync(["user", "add", "bob"], stdin: "short\n");
        Assert.Equal(1, tooShort);
        Assert.Contains("at least 10", shortOutput, StringComparison.Ordinal);
        var (listed, users) = await RunAsync(["user", "list"], stdin: null);
        Assert.Equal(0, listed);
        Assert.Equal("ada", users.Trim());

        var (made, tokenOutput) = await RunAsync(["user", "token", "ada", "curl"], stdin: null, stdoutOnly: true);
        Assert.Equal(0, made);
        var token = tokenOutput.Trim();
        Assert.StartsWith(ApiTokenService.Prefix, token, StringComparison.Ordinal);

        ToyData.Write(_root.Combine("data"));
        await using var dashboard = await DashboardProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:Ablation"] = Database,
            ["Dashboard:RequireLogin"] = "Always",
        });
        using var http = new HttpClient { BaseAddress = dashboard.BaseUrl };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/studies")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/studies")).StatusCode);
    }

    [Theory]
    [InlineData("user --help", 0, "Usage:\n  ablate user [command] [options]")]
    [InlineData("user add --help", 0, "Usage:\n  ablate user add <NAME> [options] [--Section:Key=value...]")]
    [InlineData("user add ada --frobnicate", 2, "ablate user add: unknown option '--frobnicate'")]
    [InlineData("user add", 2, "ablate user add: Required argument missing for command: 'add'")]
    [InlineData("user rename ada", 2, "ablate user: Required command was not provided; Unrecognized command or argument 'rename'")]
    public async Task UserCommand_HelpAndBadCommandLines(string commandLine, int exit, string expected)
    {
        var (code, output) = await RunAsync(commandLine.Split(' '), stdin: null);

        Assert.Equal(exit, code);
        Assert.Contains(expected, output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        if (exit != 0)
        {
            Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public async Task InitialUser_FromConfiguration_NeedsItsPasswordInTheEnvironment()
    {
        var port = FreePort();
        var (exit, output) = await RunAsync(["--urls", $"http://0.0.0.0:{port}", "--Dashboard:InitialUser=ada"], stdin: null);

        Assert.Equal(1, exit);
        Assert.Contains(AccessOptions.InitialPasswordVariable, output, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output)> RunAsync(string[] args, string? stdin, bool stdoutOnly = false)
    {
        var start = new ProcessStartInfo(DashboardProcess.Executable())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root.Path,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add($"--ConnectionStrings:Ablation={Database}");
        start.ArgumentList.Add($"--Training:DataRoot={_root.Combine("data")}");
        start.ArgumentList.Add($"--Training:RunsRoot={_root.Combine("runs")}");
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", AccessOptions.InitialPasswordVariable })
        {
            start.Environment.Remove(inherited);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the dashboard did not exit: {await stdout}{await stderr}");
        }

        return (process.ExitCode, stdoutOnly ? await stdout : await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
