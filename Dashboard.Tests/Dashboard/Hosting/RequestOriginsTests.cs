using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Hubs;
using Ablation.Tests.Data;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Tests.Dashboard.Hosting;

/// <summary>
/// Changes and live connections come only from the dashboard's own pages or from clients that send
/// no Origin (curl, <c>./ablate</c>), and API bodies only as JSON or YAML (RequestOrigins), on an
/// open loopback dashboard in-process. The Host check and a real browser on another origin are in
/// Browser/RequestOriginsBrowserTests, against the real Kestrel.
/// </summary>
public sealed class RequestOriginsTests : IDisposable
{
    private const string Spec = """
        { "name": "forged", "base": { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [4] }, "epochs": 1 } }
        """;

    private const string YamlSpec = """
        name: from yaml
        base:
          data: { dataset: toy }
          model: { family: mlp, hidden_sizes: [4] }
          epochs: 1
        """;

    private readonly TempDataRoot _root = DashboardHost.NewRoot();
    private readonly DashboardHost _host;

    public RequestOriginsTests()
    {
        _host = new DashboardHost(_root, workerPath: new ScriptedWorker(_root.Combine("worker")).WorkerPath);
    }

    public void Dispose()
    {
        _host.Dispose();
        _root.Dispose();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task ApiBody_OfATypeAPageCanSendUnasked_Is415_AndCreatesNothing(string? contentType)
    {
        using var http = _host.CreateClient();
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(Spec));
        if (contentType is not null)
        {
            body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await http.PostAsync("/api/studies", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        Assert.StartsWith("The body must be sent as JSON (Content-Type: application/json), or a study spec as YAML (Content-Type: application/yaml); this request's is ", error, StringComparison.Ordinal);
        Assert.EndsWith(contentType is null ? "not declared." : $"{contentType}.", error, StringComparison.Ordinal);
        Assert.Equal(0, await StudyCountAsync());
    }

    [Theory]
    [InlineData("application/json", Spec)]
    [InlineData("application/json; charset=utf-8", Spec)]
    [InlineData("application/yaml", YamlSpec)]
    [InlineData("text/yaml", YamlSpec)]
    public async Task ApiBody_AsJsonOrYaml_WithoutOrigin_CreatesTheStudy_AsCurlDoes(string contentType, string spec)
    {
        using var http = _host.CreateClient();

        using var response = await http.PostAsync("/api/studies", Body(spec, contentType));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await StudyCountAsync());
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Origin", "http://localhost:8080")] // the same host on another port is another origin
    [InlineData("Origin", "https://localhost")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task ChangeFromAnotherSite_Is403_EvenAsJson_AndCreatesNothing(string header, string value)
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/studies") { Content = Body(Spec, "application/json") };
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        Assert.Equal($"Refused: this request comes from another site ({header}: {value}); the dashboard takes changes and live connections only from its own pages, or from clients such as curl and ./ablate (docs/security.md).", error);
        Assert.Equal(0, await StudyCountAsync());
    }

    [Fact]
    public async Task ChangeFromTheDashboardsOwnPage_GoesThrough()
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/studies") { Content = Body(Spec, "application/json") };
        request.Headers.Add("Origin", "http://localhost");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BodylessCalls_NeedNoContentType_ButACrossSiteOneIsRefused()
    {
        var study = await AddStudyAsync();
        using var http = _host.CreateClient();

        using (var cancel = await http.PostAsync($"/api/studies/{study}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{study}/retry");
        forged.Headers.Add("Origin", "http://evil.example");
        using var refused = await http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task ReadsFromAnotherSite_AreAnswered_ForTheBrowserToWithhold()
    {
        // A link from elsewhere must open the dashboard; what a page of another site may read of the
        // answer is the browser's same-origin policy's to decide (no CORS header is ever sent).
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/studies");
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/account/logout")]
    [InlineData("/account/login")]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    [InlineData("/hubs/runs/negotiate?negotiateVersion=1")]
    public async Task FormsAndNegotiation_FromAnotherSite_Are403_InPlainText(string path)
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("Refused: this request comes from another site (Origin: http://evil.example)", text, StringComparison.Ordinal);
        Assert.Single(text.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task CircuitNegotiation_FromTheOwnPage_GoesThrough()
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1") { Content = new StringContent("", Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", "http://localhost");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["connectionToken"]);
    }

    [Theory]
    [InlineData("/hubs/runs")]
    [InlineData("/_blazor")]
    public async Task WebSocketFromAnotherSite_IsRefusedAtTheHandshake(string path)
    {
        var sockets = _host.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request => request.Headers.Origin = "http://evil.example";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sockets.ConnectAsync(new UriBuilder(new Uri(_host.Server.BaseAddress, path)) { Scheme = "ws" }.Uri, CancellationToken.None));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://localhost")]
    public async Task HubWebSocket_WithoutOriginOrFromTheOwnPage_Follows(string? origin)
    {
        var study = await AddStudyAsync();
        await using var hub = await TestHub.ConnectAsync(_host.Server, request: request =>
        {
            if (origin is not null)
            {
                request.Headers.Origin = origin;
            }
        });
        await hub.InvokeAsync("FollowStudy", [study]);
    }

    private static ByteArrayContent Body(string text, string contentType)
    {
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return body;
    }

    private async Task<int> StudyCountAsync()
    {
        await using var db = await _host.Get<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        return await db.Studies.CountAsync();
    }

    private async Task<int> AddStudyAsync()
    {
        await using var db = await _host.Get<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        var study = new Study { Name = "stored", Dataset = "toy", SpecJson = "{}", GridMode = "Full", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        study.Runs.Add(new Run
        {
            Label = "failed", CellJson = "{}", SpecJson = "{}", Status = RunStatus.Failed, Epochs = 1, QueuedAt = DateTimeOffset.UtcNow, Error = "test",
        });
        db.Studies.Add(study);
        await db.SaveChangesAsync();
        return study.Id;
    }
}
