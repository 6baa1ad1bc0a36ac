using System.Net;
using System.Text.RegularExpressions;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Hosting;
using Ablation.Dashboard.Hubs;
using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Sharing;
using Ablation.Tests.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ablation.Tests.Dashboard.Access;

/// <summary>
/// A dashboard host that requires sign-in (Dashboard:RequireLogin=always, as beyond loopback),
/// with helpers to make users, studies and share links and to sign in over HTTP like the form does.
/// </summary>
internal sealed partial class AccessHost : IDisposable
{
    public const string User = "ada";
    public const string Password = "correct horse battery";

    private readonly TempDataRoot _root;

    private AccessHost(TempDataRoot root, int signInAttemptsPerMinute)
    {
        _root = root;
        Host = new DashboardHost(_root, settings: new Dictionary<string, string>
        {
            ["Dashboard:RequireLogin"] = "Always",
            ["Dashboard:SignInAttemptsPerMinute"] = signInAttemptsPerMinute.ToString(),
        });
    }

    public DashboardHost Host { get; }

    /// <summary>
    /// The host over a database that already holds the user <see cref="User"/>, made the way
    /// <c>ablate user add</c> makes it: a dashboard that requires sign-in refuses to start without one.
    /// </summary>
    public static async Task<AccessHost> CreateAsync(int signInAttemptsPerMinute = 5)
    {
        var root = DashboardHost.NewRoot();
        var services = new ServiceCollection().AddLogging();
        services.AddDbContextFactory<AblationDb>(o => o.UseSqlite($"Data Source={root.Combine("ablation.db")}"));
        services.AddDashboardUsers();
        await using (var provider = services.BuildServiceProvider())
        {
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AblationDb>().Database.MigrateAsync();
            Assert.Null(await UserAccounts.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(), User, Password));
        }

        return new AccessHost(root, signInAttemptsPerMinute);
    }

    /// <summary>An HTTP client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient Client() => Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<IdentityUser> UserAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByNameAsync(User))!;
    }

    /// <summary>A study stored directly (no runs to train), with one finished run labelled <paramref name="label"/>.</summary>
    public async Task<int> AddStudyAsync(string name, string label)
    {
        await using var db = await Host.Get<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        var study = new Study { Name = name, Dataset = "toy", SpecJson = "{}", GridMode = "Full", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        study.Runs.Add(new Run
        {
            Label = label, CellJson = "{}", SpecJson = "{}", Status = RunStatus.Succeeded, Epochs = 1, EpochsDone = 1,
            QueuedAt = DateTimeOffset.UtcNow, FinalMetricsJson = """{"test_accuracy":0.5}""",
        });
        db.Studies.Add(study);
        await db.SaveChangesAsync();
        return study.Id;
    }

    public async Task<int> FirstRunAsync(int studyId) => (await Host.RunsAsync(studyId))[0].Id;

    public Task<ShareLinkInfo> ShareAsync(int studyId) => Host.Get<ShareLinkService>().CreateAsync(studyId, "test");

    /// <summary>Posts the sign-in form as a browser would: the antiforgery token from GET /login, then the fields.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient http, string user, string password, string returnUrl = "/")
    {
        var form = await http.GetStringAsync("/login");
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "the sign-in form carries an antiforgery token");
        return await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["userName"] = user,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    public Task<TestHub> ConnectHubAsync(string? accessToken = null, bool inQuery = true) => TestHub.ConnectAsync(Host.Server, accessToken, inQuery);

    public void Dispose()
    {
        Host.Dispose();
        _root.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
