using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Hosting;
using Ablation.Tests.Browser;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// The body limit on the real server (the dashboard's own process, Kestrel): the probe's 31 MB
/// body, past Kestrel's own 30 MB limit, once answered with a 500 HTML page; a chunked body says
/// no length and is cut off where it passes the limit. Both are 413 with one JSON line.
/// </summary>
public sealed class RequestLimitsKestrelTests
{
    private static async Task<string> Refused413Async(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain('\n', text);
        return JsonNode.Parse(text)!["error"]!.GetValue<string>();
    }

    [Fact]
    public async Task ABodyPastTheLimit_Is413Json_DeclaredOrChunked_AndTheDashboardAnswersAfterwards()
    {
        await using var dashboard = await DashboardProcess.StartAsync();
        // However long the dashboard takes to answer, the client waits for it rather than send the body after a second.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) }) { BaseAddress = dashboard.BaseUrl };

        // As curl sends a large body: Expect: 100-continue, so the refusal comes before the body is sent.
        using var huge = new HttpRequestMessage(HttpMethod.Post, "/api/studies") { Content = new ByteArrayContent(new byte[31 << 20]) };
        huge.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        huge.Headers.ExpectContinue = true;
        using (var response = await http.SendAsync(huge))
        {
            Assert.Contains("the request body is 32,505,856 bytes; the dashboard accepts at most 1,048,576", await Refused413Async(response), StringComparison.Ordinal);
        }

        var pad = new string('x', (int)DashboardRequestLimits.MaxBodyBytes);
        using (var response = await http.PostAsync("/api/studies", new ChunkedContent(Encoding.UTF8.GetBytes($"{{\"name\": \"{pad}\"}}"))))
        {
            Assert.Contains("larger than 1,048,576 bytes", await Refused413Async(response), StringComparison.Ordinal);
        }

        Assert.Equal("[]", await http.GetStringAsync("/api/studies"));
    }

    /// <summary>A JSON body that does not say its length, so it travels chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
