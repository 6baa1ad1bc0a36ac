using System.Net;
using Ablation.Tests.Data;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// The server renders a page in the scheme the browser asked for (Layout/ThemePreference): the toggle's
/// cookie first, else the system's scheme from Chromium's client hint, else light until the circuit asks.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ThemePreferenceTests : IDisposable
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();
    private readonly DashboardHost _host;

    public ThemePreferenceTests() => _host = new DashboardHost(_root);

    public void Dispose()
    {
        _host.Dispose();
        _root.Dispose();
    }

    [Theory]
    [InlineData(null, null, "light")]
    [InlineData(null, "\"dark\"", "dark")]
    [InlineData(null, "\"light\"", "light")]
    [InlineData("dark", null, "dark")]
    [InlineData("dark", "\"light\"", "dark")]
    [InlineData("light", "\"dark\"", "light")]
    [InlineData("purple", "\"dark\"", "dark")]
    public async Task A_page_is_rendered_in_the_chosen_scheme_else_the_systems(string? cookie, string? hint, string expected)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/datasets");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"abl-theme={cookie}");
        }

        if (hint is not null)
        {
            request.Headers.Add("Sec-CH-Prefers-Color-Scheme", hint);
        }

        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"class=\"page theme-{expected}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_ask_for_the_systems_scheme_and_static_files_do_not()
    {
        using var client = _host.CreateClient();

        using var page = await client.GetAsync("/");
        using var css = await client.GetAsync("/css/app.css");

        Assert.Equal("Sec-CH-Prefers-Color-Scheme", string.Join(",", page.Headers.GetValues("Accept-CH")));
        Assert.Contains("Sec-CH-Prefers-Color-Scheme", page.Headers.Vary);
        Assert.False(css.Headers.Contains("Accept-CH"));
        Assert.DoesNotContain("Sec-CH-Prefers-Color-Scheme", css.Headers.Vary);
    }
}
