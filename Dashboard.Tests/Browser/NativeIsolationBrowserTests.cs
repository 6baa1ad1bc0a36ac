using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// The dashboard process never maps libtorch or the shim (issue 14): after it has checked a grid on
/// an image folder, shown a run's model table on that folder and drawn the folder's sample images,
/// /proc/PID/maps of the real dashboard process names no libtorch, libc10 or libablnative. Image
/// folders are decoded by the worker (`ablate inspect`), in a process of its own.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class NativeIsolationBrowserTests(DashboardBrowser browser, ITestOutputHelper output) : IClassFixture<DashboardBrowser>
{
    private static readonly string[] _nativeLibraries = ["libtorch", "libc10", "libablnative"];
    private static readonly JsonSerializerOptions _readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public Task ImageFolderGridAndSamples_LeaveNoLibtorchInTheDashboardProcess() => browser.RunAsync(output, async page =>
    {
        WriteFruitFolder(Path.Combine(browser.Dashboard.RootPath, "data", "fruit"));
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };

        // A grid on the folder, checked against its real input shape (3×64×64): five 3×3 conv blocks
        // without padding leave the fifth a 2×2 map, so that cell is refused, with the folder's
        // numbers, and nothing is queued.
        var refused = """
            { "name": "fruit, refused", "base": { "data": { "dataset": "fruit", "validation_fraction": 0 },
              "model": { "family": "cnn", "kernel_size": 3, "padding": 0 }, "epochs": 1 },
              "axes": [ { "name": "blocks", "path": "model.conv_channels", "values": [[4], [4, 4, 4, 4, 4]] } ] }
            """;
        using (var response = await http.PostAsync("/api/studies", new StringContent(refused, Encoding.UTF8, "application/json")))
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString(_readable);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            Assert.Contains("gets a 2×2 map", body, StringComparison.Ordinal);
        }

        // A grid that passes: queued, and its run's page plans the model on the folder's shape.
        var accepted = """
            { "name": "fruit", "base": { "data": { "dataset": "fruit", "validation_fraction": 0 },
              "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 1 } }
            """;
        using var created = await http.PostAsync("/api/studies", new StringContent(accepted, Encoding.UTF8, "application/json"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var studyId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        var runId = (await http.GetFromJsonAsync<JsonObject>($"/api/studies/{studyId}"))!["runs"]![0]!["id"]!.GetValue<int>();
        var runPage = WebUtility.HtmlDecode(await http.GetStringAsync($"/runs/{runId}"));
        Assert.Contains("98,312", runPage, StringComparison.Ordinal); // the first layer's parameters: 3×64×64 inputs × 8 + 8

        // The Datasets page lists the folder and draws its test images, one per class.
        await page.GotoAsync("/datasets");
        var row = page.Page.Locator("tr[data-dataset='fruit']");
        await row.Locator("text=3×64×64").WaitForAsync();
        await row.Locator("button:has-text('Samples')").ClickAsync();
        await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('canvas[data-pixels]').length === 2");
        Assert.Empty(page.Errors);

        var mapped = File.ReadLines($"/proc/{browser.Dashboard.ProcessId}/maps")
            .Where(line => _nativeLibraries.Any(name => line.Contains(name, StringComparison.Ordinal)))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
            .Distinct()
            .ToList();
        Assert.True(mapped.Count == 0, "the dashboard process has native training code mapped: " + string.Join(", ", mapped));
    });

    /// <summary>Two classes of five 6×6 RGB PNGs; the held-out test split takes one of each.</summary>
    private static void WriteFruitFolder(string folder)
    {
        foreach (var (cls, c) in new[] { ("apple", 0), ("pear", 1) })
        {
            for (var i = 0; i < 5; i++)
            {
                ImageTestFiles.WritePng(Path.Combine(folder, cls, $"{i}.png"), 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 30 * c + i));
            }
        }
    }
}
