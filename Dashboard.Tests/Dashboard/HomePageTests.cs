using System.Net;
using Ablation.Tests.Data;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard;

/// <summary>The dashboard starts in-process and serves its home page and the Blazor script.</summary>
[Collection(TorchCollection.Name)]
public sealed class HomePageTests : IDisposable
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();
    private readonly DashboardHost _host;

    public HomePageTests() => _host = new DashboardHost(_root);

    public void Dispose()
    {
        _host.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task Home_page_returns_200_with_title()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ablation Dashboard", body);
    }

    [Fact]
    public async Task Blazor_script_and_stylesheet_are_served()
    {
        using var client = _host.CreateClient();

        using var script = await client.GetAsync("/_framework/blazor.web.js");
        using var css = await client.GetAsync("/css/app.css");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }
}
