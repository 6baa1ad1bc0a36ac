using System.Security.Claims;
using Ablation.Dashboard.Services.Access;
using Microsoft.Extensions.Configuration;

namespace Ablation.Tests.Dashboard.Access;

public sealed class AccessPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.3.4.5:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("https://127.0.0.1:5001/", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    [InlineData("http://lab-gpu.local:5000", false)]
    public void IsLoopback_OnlyForLoopbackAddressesAndLocalhost(string url, bool loopback) =>
        Assert.Equal(loopback, ListenAddresses.IsLoopback(url));

    [Fact]
    public void Addresses_ComeFromUrlsPortsAndKestrelEndpoints()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:5000;http://localhost:5002",
            ["http_ports"] = "8080",
            ["Kestrel:Endpoints:Lan:Url"] = "http://192.168.1.20:5001",
        }).Build();

        var addresses = ListenAddresses.From(configuration, "http://127.0.0.1:5000");

        Assert.Equal(["http://127.0.0.1:5000", "http://localhost:5002", "http://*:8080", "http://192.168.1.20:5001"], addresses);
        Assert.False(ListenAddresses.AllLoopback(addresses));
        Assert.Equal(["http://127.0.0.1:5000"], ListenAddresses.From(new ConfigurationBuilder().Build(), "http://127.0.0.1:5000"));
    }

    [Fact]
    public void Auto_IsOpenOnLoopback_AndNeedsAUserBeyondIt()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ada")], "test"));

        var loopback = new AccessPolicy(LoginRule.Auto, ["http://127.0.0.1:5000", "http://[::1]:5000"]);
        Assert.False(loopback.LoginRequired);
        Assert.True(loopback.CanChange(anonymous));

        var lan = new AccessPolicy(LoginRule.Auto, ["http://127.0.0.1:5000", "http://0.0.0.0:5000"]);
        Assert.True(lan.LoginRequired);
        Assert.Contains("0.0.0.0", lan.Reason, StringComparison.Ordinal);
        Assert.False(lan.CanRead(anonymous));
        Assert.False(lan.CanChange(anonymous));
        Assert.False(lan.CanChange(null));
        Assert.True(lan.CanRead(user));
        Assert.True(lan.CanChange(user));

        Assert.True(new AccessPolicy(LoginRule.Always, ["http://127.0.0.1:5000"]).LoginRequired);
        Assert.False(new AccessPolicy(LoginRule.Never, ["http://0.0.0.0:5000"]).LoginRequired);
    }

    [Fact]
    public async Task CircuitAccess_RefusesAnonymousHandlers_WhenLoginIsRequired()
    {
        var policy = new AccessPolicy(LoginRule.Always, ["http://127.0.0.1:5000"]);
        var anonymous = new CircuitAccess(new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity())), policy);
        var signedIn = new CircuitAccess(new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ada")], "test"))), policy);

        Assert.False(await anonymous.CanChangeAsync());
        Assert.True(await signedIn.CanChangeAsync());
        Assert.Equal("ada", await signedIn.UserNameAsync());
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider
    {
        public override Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(user));
    }
}
