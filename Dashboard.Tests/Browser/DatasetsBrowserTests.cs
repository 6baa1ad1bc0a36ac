using Ablation.Tests.Training;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>The Datasets page in Chromium: a set's sample images are drawn, pixel for pixel, from its data.</summary>
[Collection(TorchCollection.Name)]
public sealed class DatasetsBrowserTests(DashboardBrowser browser, ITestOutputHelper output) : IClassFixture<DashboardBrowser>
{
    [Fact]
    public Task Samples_DrawEachImageOnACanvas_WithTheSetsPixels() => browser.RunAsync(output, async page =>
    {
        await page.GotoAsync("/datasets");

        await page.Page.ClickAsync($"tr[data-dataset='{ToyData.Id}'] button:has-text('Samples')");
        await page.Page.WaitForSelectorAsync("canvas[data-pixels]");
        await page.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('canvas[data-pixels]')].every(c => c.width > 0 && c.width === Number(c.dataset.width))");

        // Every canvas shows its own data: the gray value of each pixel is the byte the server sent.
        var mismatches = await page.Page.EvaluateAsync<int>("""
            () => {
              let bad = 0;
              for (const c of document.querySelectorAll('canvas[data-pixels]')) {
                const bytes = Uint8Array.from(atob(c.dataset.pixels), ch => ch.charCodeAt(0));
                const shown = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                for (let p = 0; p < c.width * c.height; p++) if (shown[4 * p] !== bytes[p]) bad++;
              }
              return bad;
            }
            """);
        var count = await page.Page.Locator("canvas[data-pixels]").CountAsync();

        Assert.True(count >= 4, $"{count} sample images");
        Assert.Equal(0, mismatches);
        Assert.Empty(page.Errors);
    });
}
