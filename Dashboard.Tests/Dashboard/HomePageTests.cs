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
    public async Task Radzen_theme_is_served_without_its_root_has_rules_and_with_its_fonts()
    {
        using var client = _host.CreateClient();

        var page = await client.GetStringAsync("/");
        var href = Regex.Match(page, "<link rel=\"stylesheet\" href=\"([^\"]*material-base[^\"]*)\"").Groups[1].Value;
        Assert.Equal("lib/radzen/material-base.css", href);
        var css = await client.GetStringAsync("/" + href);

        // The package's theme, rules and all (Dashboard/RadzenTheme.targets), less the RadzenLayout rules whose
        // `:root:has()` made every chart draw recompute the whole document's style.
        Assert.Contains(".rz-button{", css);
        Assert.Contains(".rz-datatable", css);
        Assert.DoesNotContain(":has(.rz-layout)", css);
        var fonts = Regex.Matches(css, "url\\(\"([^\"]+)\"\\)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(fonts);
        foreach (var font in fonts)
        {
            var url = new Uri(new Uri("http://localhost/" + href), font);
            using var response = await client.GetAsync(url.PathAndQuery);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{font} (from {href}) answered {response.StatusCode}");
        }
    }
}
