using System.Net;
using System.Net.Sockets;
using Ablation.Dashboard.Services.Access;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// The host names the dashboard answers to (docs/security.md, "Hosts and origins"): loopback
/// (<c>localhost</c>, 127.0.0.0/8, <c>::1</c>), the hosts of its listen addresses, the IP address a
/// request arrived on, this machine's name when it listens on every interface, and the names
/// listed in <c>AllowedHosts</c>. Ports are ignored. Any other <c>Host</c> header means the
/// request was not meant for this dashboard: a DNS-rebinding page that made its own name point at
/// 127.0.0.1 sends its own name, and is refused before it reads or changes anything.
/// </summary>
public sealed class KnownHosts
{
    /// <summary>The configuration key: names separated by ';' (ports left out), <c>*.example.org</c> for its subdomains, <c>*</c> for any host.</summary>
    public const string Key = "AllowedHosts";

    private readonly HashSet<string> _builtIn = new(StringComparer.Ordinal);
    private readonly HashSet<string> _configured = new(StringComparer.Ordinal);
    private readonly List<string> _configuredSuffixes = [];

    private KnownHosts(bool anyHost) => AnyHost = anyHost;

    /// <summary>True when <c>AllowedHosts</c> holds <c>*</c>: every host is answered (no protection against DNS rebinding).</summary>
    public bool AnyHost { get; }

    /// <summary>The names and addresses known without configuration, normalized, for the start-up log and the docs.</summary>
    public IReadOnlyCollection<string> BuiltIn => _builtIn;

    /// <summary>The names listed in <c>AllowedHosts</c>, normalized (<c>.example.org</c> for <c>*.example.org</c>).</summary>
    public IReadOnlyCollection<string> Configured => [.. _configured, .. _configuredSuffixes];

    public static KnownHosts From(IConfiguration configuration, IReadOnlyList<string> listenUrls, string? machineName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(listenUrls);
        var entries = Entries(configuration).ToList();
        var hosts = new KnownHosts(entries.Contains("*"));
        hosts._builtIn.Add("localhost");
        var everywhere = false;
        foreach (var url in listenUrls)
        {
            var host = ListenAddresses.HostOf(url);
            if (host is "*" or "+" || (AddressOf(host.Trim('[', ']')) is { } address && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))))
            {
                everywhere = true;
            }
            else if (Normalize(host) is { Length: > 0 } name)
            {
                hosts._builtIn.Add(name);
            }
        }

        // Bound to every interface, the dashboard is reached by this machine's name too (and by its
        // addresses, which RequestArrivedOn covers without listing them).
        if (everywhere && Normalize(machineName ?? "") is { Length: > 0 } machine)
        {
            hosts._builtIn.Add(machine);
        }

        foreach (var entry in entries.Where(e => e != "*"))
        {
            if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                hosts._configuredSuffixes.Add(Normalize(entry[1..]));
            }
            else if (Normalize(ListenAddresses.HostOf(entry)) is { Length: > 0 } name)
            {
                hosts._configured.Add(name);
            }
        }

        return hosts;
    }

    /// <summary>Whether a request with this <c>Host</c> is meant for the dashboard; <paramref name="localAddress"/> is the address it arrived on.</summary>
    public bool Allows(HostString host, IPAddress? localAddress)
    {
        if (AnyHost)
        {
            return true;
        }

        if (!host.HasValue || Normalize(host.Host) is not { Length: > 0 } name)
        {
            return false;
        }

        if (AddressOf(name) is { } address)
        {
            // An IP address only reaches the machine it names: loopback, or the very address the
            // request came in on. DNS rebinding cannot produce one (the browser sends the name).
            return IPAddress.IsLoopback(address) || _builtIn.Contains(name) || _configured.Contains(name)
                || (localAddress is not null && Same(address, localAddress));
        }

        return _builtIn.Contains(name) || IsConfigured(name);
    }

    /// <summary>Whether the name is listed in <c>AllowedHosts</c> (not <c>*</c>): an operator's public name, e.g. behind a reverse proxy.</summary>
    public bool IsConfigured(string host)
    {
        var name = Normalize(host);
        return name.Length > 0 && (_configured.Contains(name) || _configuredSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal) && name.Length > s.Length));
    }

    /// <summary>Lower case, no brackets around an IPv6 address, IP addresses in their canonical text.</summary>
    public static string Normalize(string host)
    {
        var name = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            name = name[1..^1];
        }

        return AddressOf(name)?.ToString() ?? name;
    }

    /// <summary>The address a host names when it is an IP literal in dotted or colon form (not "2130706433", which is a name here).</summary>
    private static IPAddress? AddressOf(string name) =>
        IPAddress.TryParse(name, out var address) && name.Contains(address.AddressFamily == AddressFamily.InterNetworkV6 ? ':' : '.') ? address : null;

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);

    private static IEnumerable<string> Entries(IConfiguration configuration)
    {
        var section = configuration.GetSection(Key);
        var values = section.Value is { } text ? [text] : section.GetChildren().Select(c => c.Value ?? "");
        return values
            .SelectMany(v => v.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => v.ToLowerInvariant());
    }
}
