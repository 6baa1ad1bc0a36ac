using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ablation.Dashboard.Services.Access;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard.Access;

/// <summary>With sign-in required: what an anonymous or wrong client gets from the pages and the API, and what a signed-in one gets.</summary>
[Collection(TorchCollection.Name)]
public sealed class SignInAndApiTests
{
    private const string Spec = """
        { "name": "token study", "base": { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 1 },
          "axes": [], "mode": "full", "repeats": 1 }
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Anonymous_IsRefusedByEveryPageDownloadAndApiCall()
    {
        using var access = await AccessHost.CreateAsync();
        var study = await access.AddStudyAsync("private", "secret-cell");
        var run = await access.FirstRunAsync(study);
        using var http = access.Client();

        foreach (var page in new[] { "/", "/studies/new", $"/studies/{study}", $"/studies/{study}/results", $"/runs/{run}", "/datasets", "/presets" })
        {
            using var response = await http.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        foreach (var path in new[] { "/api/studies", $"/api/studies/{study}", $"/api/studies/{study}/spec", $"/api/runs/{run}", $"/api/runs/{run}/metrics",
                     $"/api/studies/{study}/spec?format=yaml", $"/studies/{study}/results.csv", $"/studies/{study}/points.csv", $"/studies/{study}/cells.csv",
                     $"/studies/{study}/points.json", $"/studies/{study}/report.html", $"/studies/{study}/study.yaml", $"/studies/{study}/study.json" })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {path}: {response.StatusCode}");
            Assert.DoesNotContain("secret-cell", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var path in new[] { "/api/studies", $"/api/studies/{study}/cancel", $"/api/runs/{run}/cancel",
                     $"/api/studies/{study}/repeats", $"/api/studies/{study}/retry", $"/api/runs/{run}/retry" })
        {
            using var response = await http.PostAsync(path, Json(Spec));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"POST {path}: {response.StatusCode}");
        }

        // A made-up token is no better than none.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SecretTokens.New(ApiTokenService.Prefix));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/studies", Json(Spec))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/studies")).StatusCode);
        Assert.Single(await access.Host.RunsAsync(study));

        // The sign-in form itself is open.
        http.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithTheRightPassword_OpensPagesAndApi_AndSignOutClosesThem()
    {
        using var access = await AccessHost.CreateAsync();
        var study = await access.AddStudyAsync("mine", "cell-a");
        using var http = access.Client();

        using var wrong = await AccessHost.SignInAsync(http, "ada", "not the password", $"/studies/{study}");
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Contains("error=failed", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/studies")).StatusCode);
        using var nobody = await AccessHost.SignInAsync(http, "nobody", AccessHost.Password);
        Assert.Contains("error=failed", nobody.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var right = await AccessHost.SignInAsync(http, "ada", AccessHost.Password, $"/studies/{study}");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal($"/studies/{study}", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/studies/{study}")).StatusCode);
        Assert.Contains("cell-a", await http.GetStringAsync($"/api/studies/{study}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/studies/{study}/cancel", null)).StatusCode);

        // Sign-out is a form post (with the page's antiforgery token); afterwards the cookie opens nothing.
        var page = await http.GetStringAsync($"/studies/{study}");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"").Groups[1].Value;
        using var signOut = await http.PostAsync("/account/logout", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/studies")).StatusCode);
    }

    [Fact]
    public async Task SignIn_RedirectsOnlyWithinTheDashboard()
    {
        using var access = await AccessHost.CreateAsync();
        using var http = access.Client();

        using var response = await AccessHost.SignInAsync(http, "ada", AccessHost.Password, "//evil.example/steal");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignInAttempts_AreRateLimitedPerClient()
    {
        using var access = await AccessHost.CreateAsync(signInAttemptsPerMinute: 3);
        using var http = access.Client();

        for (var i = 0; i < 3; i++)
        {
            using var attempt = await AccessHost.SignInAsync(http, "ada", $"guess {i}");
            Assert.Equal(HttpStatusCode.Redirect, attempt.StatusCode);
        }

        // The fourth attempt inside the minute is refused before the password is even checked: the right one too.
        using var limited = await AccessHost.SignInAsync(http, "ada", AccessHost.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many sign-in attempts", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/studies")).StatusCode);
    }

    [Fact]
    public async Task RepeatedWrongPasswords_LockTheAccount()
    {
        using var access = await AccessHost.CreateAsync(signInAttemptsPerMinute: 100);
        using var http = access.Client();

        for (var i = 0; i < 10; i++)
        {
            using var _ = await AccessHost.SignInAsync(http, "ada", $"guess {i}");
        }

        using var locked = await AccessHost.SignInAsync(http, "ada", AccessHost.Password);
        Assert.Contains("error=locked", locked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/studies")).StatusCode);
    }

    [Fact]
    public async Task ApiToken_OpensTheApi_ForItsUser()
    {
        using var access = await AccessHost.CreateAsync();
        var user = await access.UserAsync();
        var token = await access.Host.Get<ApiTokenService>().CreateAsync(user.Id, "curl");
        using var http = access.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.StartsWith(ApiTokenService.Prefix, token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/studies")).StatusCode);
        var study = await access.AddStudyAsync("by token", "cell");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/studies/{study}/cancel", null)).StatusCode);

        // A token one character off is refused.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^1] + (token[^1] == 'A' ? 'B' : 'A'));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync($"/api/studies/{study}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task OpenLoopbackDashboard_RefusesRequestsThatCameThroughAProxy()
    {
        using var root = DashboardHost.NewRoot();
        using var host = new DashboardHost(root);
        using var http = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/studies")).StatusCode);
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/api/studies");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await http.SendAsync(proxied);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Dashboard:RequireLogin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
