using System.Net;
using System.Text;
using System.Text.Json;
using Ablation.Dashboard.Services.Access;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Net.Http.Headers;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// Which requests the dashboard takes at all, decided before anything else sees them
/// (docs/security.md, "Hosts and origins"). A page the user happens to visit can make the browser
/// send requests to 127.0.0.1, and a DNS-rebinding page can even read the answers, so:
/// <list type="number">
/// <item>the <c>Host</c> must be one the dashboard knows (<see cref="KnownHosts"/>), else 400;</item>
/// <item>a request that changes state (any method but GET, HEAD, OPTIONS) or opens a connection (the
/// WebSocket of the hub or of the Blazor circuit) must come from the dashboard's own pages: a
/// <c>Sec-Fetch-Site</c> of <c>same-site</c> or <c>cross-site</c>, or an <c>Origin</c> other than
/// the dashboard's own, is 403. Browsers send both on every such request; curl and
/// <c>./ablate</c> send neither and are not affected;</item>
/// <item>a state-changing API call's body must be declared JSON or YAML: <c>text/plain</c>, the form
/// types and an undeclared body are 415. Those are exactly what a page of another site can send
/// without asking first (a CORS preflight, which the dashboard never grants), so even a browser
/// that sent no Origin could not forge an API call.</item>
/// </list>
/// </summary>
public static class RequestOrigins
{
    private const int MaxEchoedChars = 100;

    private static readonly string[] _bodyMediaTypes =
        ["application/json", "text/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    /// <summary>The hosts the dashboard answers to, from <c>AllowedHosts</c> and the listen addresses.</summary>
    public static WebApplicationBuilder AddDashboardRequestOrigins(this WebApplicationBuilder builder)
    {
        var listen = ListenAddresses.From(builder.Configuration, DashboardDefaults.DefaultUrl);
        builder.Services.AddSingleton(KnownHosts.From(builder.Configuration, listen, MachineName()));

        // ASP.NET Core's own host filter reads the same AllowedHosts key but knows neither loopback
        // nor the listen addresses and answers in HTML; this check takes its place.
        builder.Services.PostConfigure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        return builder;
    }

    /// <summary>The three checks, first in the pipeline.</summary>
    public static WebApplication UseDashboardRequestOrigins(this WebApplication app)
    {
        var hosts = app.Services.GetRequiredService<KnownHosts>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestOrigins).FullName!);
        if (hosts.AnyHost)
        {
            logger.LogWarning("AllowedHosts is *: requests for any host name are answered, so a DNS-rebinding page can reach this dashboard (docs/security.md)");
        }
        else
        {
            logger.LogInformation("Answering to the hosts {Hosts} (any port), the address a request arrives on, and AllowedHosts: {Configured}",
                string.Join(", ", hosts.BuiltIn.Order(StringComparer.Ordinal)), hosts.Configured.Count > 0 ? string.Join(", ", hosts.Configured) : "none");
        }

        app.Use(async (context, next) =>
        {
            if (Check(context.Request, hosts) is { } refusal)
            {
                logger.LogWarning("{Status} for {Method} {Path}: {Reason}", refusal.Status, context.Request.Method, context.Request.Path, refusal.Message);
                await WriteAsync(context, refusal);
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>Null when the request may go on; else its status and the one line that says why.</summary>
    public static Refusal? Check(HttpRequest request, KnownHosts hosts)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(hosts);
        if (!hosts.Allows(request.Host, request.HttpContext.Connection.LocalIpAddress))
        {
            return new Refusal(StatusCodes.Status400BadRequest, request.Host.HasValue
                ? $"Unknown host name \"{Echo(request.Host.Host)}\": this dashboard answers only to its own names and addresses; to reach it by this name, add the name to AllowedHosts (docs/security.md)."
                : "A request without a Host header: this dashboard answers only to its own names and addresses (docs/security.md).");
        }

        var changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if (!changes && request.Headers.Upgrade.Count == 0)
        {
            return null;
        }

        if (CrossSite(request, hosts) is { } from)
        {
            return new Refusal(StatusCodes.Status403Forbidden,
                $"Refused: this request comes from another site ({from}); the dashboard takes changes and live connections only from its own pages, or from clients such as curl and ./ablate (docs/security.md).");
        }

        if (changes && request.Path.StartsWithSegments("/api") && !DeclaresBody(request))
        {
            return new Refusal(StatusCodes.Status415UnsupportedMediaType,
                $"The body must be sent as JSON (Content-Type: application/json), or a study spec as YAML (Content-Type: application/yaml); this request's is {(string.IsNullOrEmpty(request.ContentType) ? "not declared" : Echo(request.ContentType))}.");
        }

        return null;
    }

    /// <summary>Why the request comes from another site ("Origin: http://evil.example"), or null when it does not.</summary>
    private static string? CrossSite(HttpRequest request, KnownHosts hosts)
    {
        // Fetch metadata: "same-origin" from the dashboard's pages, "none" when the user typed the
        // address. "same-site" is another port or subdomain of the same site: another origin still.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return $"Sec-Fetch-Site: {Echo(site)}";
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || IsOwnOrigin(origin, request, hosts) ? null : $"Origin: {Echo(origin)}";
    }

    /// <summary>
    /// The Origin names the page's scheme, host and port: it is the dashboard's own when all three are
    /// the request's, or when its host is a name listed in AllowedHosts (behind a reverse proxy,
    /// whose public scheme and name the dashboard does not see). "null" never is.
    /// </summary>
    private static bool IsOwnOrigin(string origin, HttpRequest request, KnownHosts hosts)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
        {
            return false;
        }

        var requestPort = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        var same = uri.Scheme == request.Scheme && uri.Port == requestPort && KnownHosts.Normalize(uri.Host) == KnownHosts.Normalize(request.Host.Host);
        return same || hosts.IsConfigured(uri.Host);
    }

    /// <summary>A body-less call, or one whose body is declared as JSON (also <c>application/…+json</c>) or YAML.</summary>
    private static bool DeclaresBody(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType))
        {
            // No body at all (POST …/cancel, …/retry) needs no type. HTTP/1.1 announces a body by
            // its length or by chunking; a protocol that does neither still says whether one can follow.
            var chunked = request.Headers.TransferEncoding.Count > 0;
            var canHaveBody = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody;
            return request.ContentLength is 0 || (request.ContentLength is null && !chunked && canHaveBody != true);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } media)
        {
            return false;
        }

        return _bodyMediaTypes.Contains(media, StringComparer.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task WriteAsync(HttpContext context, Refusal refusal)
    {
        var response = context.Response;
        response.StatusCode = refusal.Status;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(JsonSerializer.Serialize(new { error = refusal.Message }), context.RequestAborted);
        }
        else
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(refusal.Message + "\n", context.RequestAborted);
        }
    }

    /// <summary>A header value as quoted in a message: printable ASCII, cut short.</summary>
    private static string Echo(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value.Take(MaxEchoedChars))
        {
            text.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return value.Length > MaxEchoedChars ? text.Append('…').ToString() : text.ToString();
    }

    private static string? MachineName()
    {
        try
        {
            return Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    /// <summary>A request turned away: its status code and the one line that says why.</summary>
    public sealed record Refusal(int Status, string Message);
}
