using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ablation.Tests.Dashboard;

/// <summary>The dashboard starts in-process and serves its home page and the Blazor script.</summary>
public sealed class HomePageTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Home_page_returns_200_with_title()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ablation Dashboard", body);
    }

    [Fact]
    public async Task Blazor_script_and_stylesheet_are_served()
    {
        using var client = factory.CreateClient();

        using var script = await client.GetAsync("/_framework/blazor.web.js");
        using var css = await client.GetAsync("/css/app.css");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }
}
