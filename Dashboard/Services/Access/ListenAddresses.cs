using System.Net;

namespace Ablation.Dashboard.Services.Access;

/// <summary>
/// The addresses Kestrel will listen on, read from configuration the way Kestrel reads them
/// (<c>Urls</c>/<c>--urls</c>/<c>ASPNETCORE_URLS</c>, <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c>,
/// <c>Kestrel:Endpoints:*:Url</c>), and whether all of them stay on this machine.
/// </summary>
public static class ListenAddresses
{
    /// <summary>Every configured address; <paramref name="fallback"/> when none is configured.</summary>
    public static IReadOnlyList<string> From(IConfiguration configuration, string fallback)
    {
        var urls = new List<string>();
        urls.AddRange(Split(configuration["urls"]));
        // HTTP_PORTS binds every interface on the given ports (http://*:PORT).
        urls.AddRange(Split(configuration["http_ports"]).Select(p => $"http://*:{p}"));
        urls.AddRange(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).Where(u => !string.IsNullOrWhiteSpace(u))!);
        return urls.Count > 0 ? urls : [fallback];
    }

    /// <summary>True when every address is 127.0.0.0/8, ::1 or localhost; 0.0.0.0, ::, *, + and LAN addresses are beyond.</summary>
    public static bool AllLoopback(IEnumerable<string> urls) => urls.All(IsLoopback);

    public static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>
    /// The host of a URL or of a bare "host[:port]" ("http://[::1]:5000/" gives "[::1]"; a scheme,
    /// port and path are dropped; an unbracketed IPv6 address is kept whole).
    /// </summary>
    public static string HostOf(string url)
    {
        var rest = url.Trim();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        rest = scheme >= 0 ? rest[(scheme + 3)..] : rest;
        var slash = rest.IndexOf('/');
        rest = slash >= 0 ? rest[..slash] : rest;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            return close > 0 ? rest[..(close + 1)] : rest;
        }

        var colon = rest.IndexOf(':');
        return colon >= 0 && rest.IndexOf(':', colon + 1) < 0 ? rest[..colon] : rest;
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
