using System.Net;
using Ablation.Dashboard.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Ablation.Tests.Dashboard.Hosting;

public sealed class KnownHostsTests
{
    private static KnownHosts Hosts(string? allowed = null, string machine = "labbox", params string[] listen) =>
        KnownHosts.From(
            new ConfigurationBuilder().AddInMemoryCollection(allowed is null ? [] : [KeyValuePair.Create<string, string?>(KnownHosts.Key, allowed)]).Build(),
            listen.Length > 0 ? listen : ["http://127.0.0.1:5000"],
            machine);

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5000")]
    [InlineData("LOCALHOST:1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:5102")]
    [InlineData("127.0.0.2:80")]
    [InlineData("[::1]")]
    [InlineData("[::1]:5000")]
    public void LoopbackNames_AreKnown_WithAnyPort(string host)
    {
        Assert.True(Hosts().Allows(new HostString(host), localAddress: null));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5000")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("labbox")] // the machine's name only when the dashboard listens on every interface
    [InlineData("192.168.1.20")]
    [InlineData("2130706433")] // digits only: a name, not 127.0.0.1
    [InlineData("")]
    public void OtherHosts_AreNot(string host)
    {
        Assert.False(Hosts().Allows(new HostString(host), localAddress: null));
    }

    [Fact]
    public void TheListenAddressesHosts_AreKnown()
    {
        var hosts = Hosts(listen: ["http://lab-gpu.example.org:5000", "http://192.168.1.20:5000", "http://[fe80::1]:5001"]);

        Assert.True(hosts.Allows(new HostString("lab-gpu.example.org:5000"), null));
        Assert.True(hosts.Allows(new HostString("192.168.1.20:5000"), null));
        Assert.True(hosts.Allows(new HostString("[fe80::1]:5001"), null));
        Assert.False(hosts.Allows(new HostString("labbox"), null));
        Assert.True(hosts.Allows(new HostString("localhost"), null));
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://[::]:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://+:5000")]
    public void ListeningOnEveryInterface_AddsTheMachinesName(string listen)
    {
        var hosts = Hosts(listen: [listen]);

        Assert.True(hosts.Allows(new HostString("labbox:5000"), null));
        Assert.True(hosts.Allows(new HostString("LabBox"), null));
        Assert.False(hosts.Allows(new HostString("evil.example:5000"), null));
    }

    [Fact]
    public void AnIpAddress_IsKnown_WhenTheRequestArrivedOnIt()
    {
        var hosts = Hosts(listen: ["http://0.0.0.0:5000"]);

        Assert.True(hosts.Allows(new HostString("192.168.1.20:5000"), IPAddress.Parse("192.168.1.20")));
        Assert.True(hosts.Allows(new HostString("192.168.1.20:5000"), IPAddress.Parse("::ffff:192.168.1.20")));
        Assert.False(hosts.Allows(new HostString("192.168.1.21:5000"), IPAddress.Parse("192.168.1.20")));
    }

    [Fact]
    public void AllowedHosts_AddsNames_AndSubdomainWildcards_IgnoringPortsAndSchemes()
    {
        var hosts = Hosts("dash.example.org; *.lab.example.org;https://proxy.example.net:8443;10.0.0.5");

        Assert.True(hosts.Allows(new HostString("dash.example.org"), null));
        Assert.True(hosts.Allows(new HostString("DASH.example.org:443"), null));
        Assert.True(hosts.Allows(new HostString("gpu1.lab.example.org"), null));
        Assert.False(hosts.Allows(new HostString("lab.example.org"), null)); // *.x is x's subdomains, as in ASP.NET Core
        Assert.False(hosts.Allows(new HostString("evil-lab.example.org"), null));
        Assert.True(hosts.Allows(new HostString("proxy.example.net"), null));
        Assert.True(hosts.Allows(new HostString("10.0.0.5:5000"), null));
        Assert.True(hosts.IsConfigured("gpu1.lab.example.org"));
        Assert.False(hosts.IsConfigured("localhost"));
        Assert.False(hosts.AnyHost);
    }

    [Fact]
    public void AllowedHostsAsAList_IsReadToo()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [KeyValuePair.Create<string, string?>("AllowedHosts:0", "a.example.org"), KeyValuePair.Create<string, string?>("AllowedHosts:1", "b.example.org")]).Build();

        var hosts = KnownHosts.From(configuration, ["http://127.0.0.1:5000"], "labbox");

        Assert.True(hosts.Allows(new HostString("a.example.org"), null));
        Assert.True(hosts.Allows(new HostString("b.example.org"), null));
    }

    [Fact]
    public void AStarInAllowedHosts_AnswersEveryHost()
    {
        var hosts = Hosts("*");

        Assert.True(hosts.AnyHost);
        Assert.True(hosts.Allows(new HostString("evil.example"), null));
        Assert.False(hosts.IsConfigured("evil.example")); // but no origin becomes the dashboard's own
    }
}
