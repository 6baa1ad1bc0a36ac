using Microsoft.Playwright;

namespace Ablation.Tests.Browser;

/// <summary>The editor's repeats field, for tests that launch a study from the editor.</summary>
internal static class EditorRepeats
{
    /// <summary>Sets the seeds per cell (a new study starts at 3); the field commits on leaving it.</summary>
    public static async Task SetAsync(IPage page, int repeats)
    {
        var field = page.Locator("input#repeats");
        await field.FillAsync(repeats.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await field.PressAsync("Tab");
    }
}
