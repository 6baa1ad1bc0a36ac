using System.Net;
using System.Text.RegularExpressions;
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

    [Fact]
    public async Task Every_stylesheet_and_script_the_page_links_is_served_and_MudBlazor_s_are_among_them()
    {
        using var client = _host.CreateClient();

        var page = await client.GetStringAsync("/");
        var links = Regex.Matches(page, "<(?:link rel=\"(?:stylesheet|preload|modulepreload)\" href|script src)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("_content/MudBlazor/MudBlazor.min.css", links);
        Assert.Contains("_content/MudBlazor/MudBlazor.min.js", links);
        Assert.DoesNotContain(links, l => l.Contains("radzen", StringComparison.OrdinalIgnoreCase));
        foreach (var link in links)
        {
            using var response = await client.GetAsync("/" + link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link} answered {response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{link} is empty");
        }

        var css = await client.GetStringAsync("/_content/MudBlazor/MudBlazor.min.css");
        Assert.Contains(".mud-select", css);
    }
}
