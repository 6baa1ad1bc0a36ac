using System.Net;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Hubs;
using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Sharing;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard.Access;

/// <summary>
/// A share link opens its own study's results and nothing else, through pages, downloads and the
/// hub, with every id in reach changed; revoked, it opens nothing at once.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ShareLinkTests
{
    [Fact]
    public async Task ShareToken_OpensItsStudy_AndNoOtherStudyRunOrFile()
    {
        using var access = await AccessHost.CreateAsync();
        var shared = await access.AddStudyAsync("shared study", "shared-cell");
        var other = await access.AddStudyAsync("other study", "other-cell");
        var otherRun = await access.FirstRunAsync(other);
        var sharedRun = await access.FirstRunAsync(shared);
        var link = await access.ShareAsync(shared);
        using var http = access.Client();

        var page = await http.GetStringAsync($"/share/{link.Token}");
        Assert.Contains("shared study", page, StringComparison.Ordinal);
        Assert.DoesNotContain("other study", page, StringComparison.Ordinal);
        var csv = await http.GetStringAsync($"/share/{link.Token}/results.csv");
        Assert.Contains("shared-cell", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("other-cell", csv, StringComparison.Ordinal);
        Assert.Contains("shared-cell", await http.GetStringAsync($"/share/{link.Token}/points.csv") + csv, StringComparison.Ordinal);

        // The cookie-less holder of the link still cannot reach either study by id, nor any run, file or API.
        foreach (var id in new[] { shared, other })
        {
            foreach (var path in new[] { $"/studies/{id}", $"/studies/{id}/results", $"/share/{link.Token}/../../studies/{id}" })
            {
                using var response = await http.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/login", StringComparison.Ordinal),
                    $"GET {path}: {response.StatusCode}");
            }

            foreach (var path in new[] { $"/studies/{id}/results.csv", $"/studies/{id}/points.csv", $"/api/studies/{id}", $"/api/studies/{id}/spec" })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(path)).StatusCode);
            }
        }

        foreach (var run in new[] { sharedRun, otherRun })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync($"/runs/{run}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/runs/{run}/metrics")).StatusCode);
        }

        // The token in a header or a query string opens nothing either: it is not an API token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/studies/{shared}?access_token={link.Token}")).StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, $"/api/studies/{shared}");
        bearer.Headers.Authorization = new("Bearer", link.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(bearer)).StatusCode);

        // Altered tokens open nothing.
        foreach (var token in new[] { link.Token![..^1] + (link.Token[^1] == 'A' ? 'B' : 'A'), link.Token[..20], "1", SecretTokens.New() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/share/{token}/results.csv")).StatusCode);
            await AssertUnavailableAsync(http, token);
        }
    }

    [Fact]
    public async Task RevokedLink_OpensNothing_AndTellsItsListeners()
    {
        using var access = await AccessHost.CreateAsync();
        var study = await access.AddStudyAsync("soon private", "cell-r");
        var links = access.Host.Get<ShareLinkService>();
        var link = await access.ShareAsync(study);
        var keep = await access.ShareAsync(study);
        using var http = access.Client();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/share/{link.Token}/results.csv")).StatusCode);

        var told = new TaskCompletionSource();
        using var listener = links.OnRevoked(link.Id, () => told.TrySetResult());
        Assert.False(await links.RevokeAsync(study + 1, link.Id)); // another study's id cannot revoke it
        Assert.True(await links.RevokeAsync(study, link.Id));
        await told.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(await links.RevokeAsync(study, link.Id));

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/share/{link.Token}/results.csv")).StatusCode);
        await AssertUnavailableAsync(http, link.Token);
        Assert.Null(await links.ResolveAsync(link.Token));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/share/{keep.Token}/results.csv")).StatusCode);

        // The record stays: revoked, with its token no longer shown.
        var listed = await links.ListAsync(study);
        Assert.Equal(2, listed.Count);
        Assert.NotNull(listed.Single(l => l.Id == link.Id).RevokedAt);
        Assert.Null(listed.Single(l => l.Id == link.Id).Token);
        Assert.Equal(keep.Token, listed.Single(l => l.Id == keep.Id).Token);
    }

    [Fact]
    public async Task ShareTokens_AreUniqueLongAndStoredOnlyHashedOrEncrypted()
    {
        using var access = await AccessHost.CreateAsync();
        var study = await access.AddStudyAsync("many links", "cell");
        var tokens = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            tokens.Add((await access.ShareAsync(study)).Token!);
        }

        Assert.Equal(50, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.True(t.Length >= 43, t)); // ≥ 256 bits in base64url

        await using var db = await access.Host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Ablation.Dashboard.Data.AblationDb>>().CreateDbContextAsync();
        var stored = string.Join("\n", db.ShareLinks.Select(l => l.TokenHash + " " + l.ProtectedToken));
        Assert.All(tokens, t => Assert.DoesNotContain(t, stored, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hub_RefusesAnonymousFollowers_AndAShareFollowsOnlyItsStudy_UntilRevoked()
    {
        using var access = await AccessHost.CreateAsync();
        var shared = await access.AddStudyAsync("shared", "a");
        var other = await access.AddStudyAsync("other", "b");
        var otherRun = await access.FirstRunAsync(other);
        var link = await access.ShareAsync(shared);
        await using var hub = await access.ConnectHubAsync();

        await AssertRefusedAsync(hub.InvokeAsync("FollowStudy", [other]));
        await AssertRefusedAsync(hub.InvokeAsync("FollowStudy", [shared]));
        await AssertRefusedAsync(hub.InvokeAsync("FollowRun", [otherRun]));
        await AssertRefusedAsync(hub.InvokeAsync("FollowShare", [SecretTokens.New()]));
        await AssertRefusedAsync(hub.InvokeAsync("FollowShare", [link.Token![..^2]]));

        await hub.InvokeAsync("FollowShare", [link.Token]);
        // Following the share does not open any other study or run on the same connection.
        await AssertRefusedAsync(hub.InvokeAsync("FollowStudy", [other]));
        await AssertRefusedAsync(hub.InvokeAsync("FollowRun", [otherRun]));

        Assert.True(await access.Host.Get<ShareLinkService>().RevokeAsync(shared, link.Id));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var (target, argument) in hub.CallsAsync(timeout.Token))
        {
            Assert.Equal(RunsHub.RevokedMethod, target);
            Assert.Equal(link.Id, argument["linkId"]!.GetValue<int>());
            break;
        }

        await AssertRefusedAsync(hub.InvokeAsync("FollowShare", [link.Token]));
    }

    [Fact]
    public async Task Hub_FollowsStudies_WithAnApiToken()
    {
        using var access = await AccessHost.CreateAsync();
        var user = await access.UserAsync();
        var token = await access.Host.Get<ApiTokenService>().CreateAsync(user.Id, "watch");
        var study = await access.AddStudyAsync("watched", "a");

        await using var signedIn = await access.ConnectHubAsync(token);
        await signedIn.InvokeAsync("FollowStudy", [study]);
        await signedIn.InvokeAsync("FollowRun", [await access.FirstRunAsync(study)]);
        // As a bearer header, the way `ablate watch` sends it.
        await using var bearer = await access.ConnectHubAsync(token, inQuery: false);
        await bearer.InvokeAsync("FollowStudy", [study]);

        await using var wrong = await access.ConnectHubAsync(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'));
        await AssertRefusedAsync(wrong.InvokeAsync("FollowStudy", [study]));
    }

    private static async Task AssertRefusedAsync(Task invocation)
    {
        // The hub's refusal (a HubException on the server) reaches the client as one.
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => invocation.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>An unknown or revoked link's page: 404, with the page that says so as its body.</summary>
    private static async Task AssertUnavailableAsync(HttpClient http, string? token)
    {
        using var response = await http.GetAsync($"/share/{token}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("This link is not valid or was revoked.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
