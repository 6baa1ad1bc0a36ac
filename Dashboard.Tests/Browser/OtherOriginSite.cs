using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ablation.Tests.Browser;

/// <summary>
/// A web site of its own on another loopback port, serving one page at <c>/</c>: what a page the
/// user happens to visit could do to a dashboard open on this machine. Reached as
/// <c>http://127.0.0.1:PORT/</c> (same site as the dashboard, another origin) or
/// <c>http://localhost:PORT/</c> (another site).
/// </summary>
internal sealed class OtherOriginSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtherOriginSite(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<OtherOriginSite> StartAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
        await app.StartAsync();
        return new OtherOriginSite(app, new Uri(app.Urls.First()).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
