using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ablation.Tests.Training;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ablation.Tests.Browser;

/// <summary>
/// Layout/InteractiveGate in Chromium, on a page made slow to become interactive (its circuit's
/// negotiate request held by the test): what a person types as soon as a page shows is refused,
/// visibly, until the circuit has rendered, and what is typed then is kept, never replaced by the
/// circuit's first render. Every page with controls is held the same way; sign-in, a plain form
/// post, is not.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed partial class InteractiveGateBrowserTests(SeededWorkerBrowser browser, ITestOutputHelper output) : IClassFixture<SeededWorkerBrowser>
{
    private const string Baseline = """{ "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8], "batch_norm": true, "dropout": 0 }, "epochs": 7 }""";

    /// <summary>
    /// The controls of the page's main part (inputs, textareas, selects, buttons, MudBlazor's div
    /// controls: a select opens on a press on its div, whose combobox takes focus) and those of them
    /// that would take input now: a native control that is not :disabled, a MudBlazor one outside every
    /// aria-disabled element. Whether the connecting note shows.
    /// </summary>
    private const string Controls = """
        () => {
          const main = document.querySelector('main');
          const native = [...main.querySelectorAll('input, textarea, select, button')];
          const widgets = [...main.querySelectorAll('.mud-select, .mud-checkbox, .mud-switch, .mud-toggle-group')];
          const name = e => e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
          const note = document.querySelector('#connecting-note');
          return {
            controls: native.length + widgets.length,
            taking: [...native.filter(e => !e.matches(':disabled')), ...widgets.filter(e => !e.closest('[aria-disabled="true"]'))].map(name),
            note: !!note && note.checkVisibility(),
            noteText: note?.innerText ?? '',
          };
        }
        """;

    [Fact]
    public Task Editor_TypedIntoAsSoonAsItShows_RefusesTheTypingVisiblyUntilConnected_ThenKeepsWhatIsTyped() => browser.RunAsync(output, async page =>
    {
        var p = page.Page;
        var circuit = await HeldRequests.HoldAsync(p, "**/_blazor/negotiate**");
        var name = p.Locator("#study-name");
        var spec = p.Locator("#base-spec");
        Task typing;
        try
        {
            await page.GotoAsync("/studies/new");
            await circuit.Asked.WaitAsync(TimeSpan.FromSeconds(30)); // the circuit is on its way, and held there

            // A person clicks into the name and the baseline and types at once: the prerendered
            // fields take nothing (so nothing can be lost), and the page says why.
            var shownSpec = await spec.InputValueAsync();
            await name.ClickAsync(new() { Force = true }); // a real click on the field, not waiting for it to take input
            await p.Keyboard.TypeAsync("typed too early");
            await spec.ClickAsync(new() { Force = true });
            await p.Keyboard.TypeAsync("{ \"epochs\": 1 }");
            Assert.Equal("", await name.InputValueAsync());
            Assert.Equal(shownSpec, await spec.InputValueAsync());
            Assert.True(await name.IsDisabledAsync());
            Assert.True(await spec.IsDisabledAsync());
            var state = await p.EvaluateAsync<JsonElement>(Controls);
            Assert.True(state.GetProperty("note").GetBoolean());
            Assert.StartsWith("Connecting", state.GetProperty("noteText").GetString(), StringComparison.Ordinal);

            // Typing that waits until the field takes input (as Playwright's fill does, and a person
            // who reads the note) cannot get through while the circuit is held.
            typing = name.FillAsync("typed while connecting");
            Assert.False(typing.IsCompleted);
        }
        finally
        {
            circuit.Release();
        }

        await typing;
        await spec.FillAsync(Baseline);
        await EditorRepeats.SetAsync(p, 1); // leaving the baseline commits it
        Assert.Equal(0, await p.Locator("#connecting-note").CountAsync());

        // The server has what was typed: the baseline's epochs control reads 7 from it, and the launched study has both.
        await p.WaitForFunctionAsync("() => document.querySelector('input#base-epochs').value === '7'");
        Assert.Equal("typed while connecting", await name.InputValueAsync());
        await p.ClickAsync("#preview");
        await p.Locator(".preview-summary").Filter(new() { HasText = "2 runs in 2 cells" }).WaitForAsync();
        await p.ClickAsync("#launch");
        var studyPath = await page.WaitForPathAsync(StudyUrl());
        var id = int.Parse(StudyUrl().Match(studyPath).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var study = await http.GetFromJsonAsync<JsonObject>($"/api/studies/{id}/spec");
        Assert.Equal("typed while connecting", study!["name"]!.GetValue<string>());
        Assert.Equal(7, study["base"]!["epochs"]!.GetValue<int>());
        Assert.Empty(page.Errors);
    });

    [Fact]
    public Task EveryPage_TakesNoInputUntilItsCircuitRenders_AndSaysItIsConnecting_SignInIsNeverHeld() => browser.RunAsync(output, async page =>
    {
        using var http = new HttpClient { BaseAddress = browser.BaseUrl };
        var id = await SeededStudies.TrainBnDropoutAsync(http, "pages held while connecting", seeds: 1);
        var runId = (await http.GetFromJsonAsync<JsonObject>($"/api/studies/{id}"))!["runs"]![0]!["id"]!.GetValue<int>();
        var p = page.Page;
        await page.GotoAsync($"/studies/{id}");
        await p.ClickAsync("#create-share");
        var share = new Uri(await p.Locator(".share-row[data-state=live] .share-url").InputValueAsync()).AbsolutePath;

        // The pages, each with a control it must have (so that "every control is held" is not said of
        // none); a run trained by the seeded worker has no evaluation, so its page may have none.
        (string Path, string? Control)[] pages =
        [
            ("/", "button"),
            ("/studies/new", "#study-name"),
            ("/datasets", "button"),
            ($"/studies/{id}", "#create-share"),
            ($"/studies/{id}/results", ".choice-select"),
            ($"/runs/{runId}", null),
            (share, ".choice-select"),
        ];

        // A tab whose circuit never starts (its errors are expected): every control is held, and the note says so.
        await using var slow = await browser.NewPageAsync();
        var circuit = await HeldRequests.HoldAsync(slow.Page, "**/_blazor/negotiate**");
        try
        {
            foreach (var (path, control) in pages)
            {
                await slow.GotoAsync(path);
                if (control is not null)
                {
                    Assert.True(await slow.Page.Locator($"main {control}").CountAsync() > 0, $"{path} has no {control}");
                }

                var state = await slow.Page.EvaluateAsync<JsonElement>(Controls);
                Assert.True(state.GetProperty("taking").GetArrayLength() == 0, $"{path} takes input before it is interactive: {state.GetProperty("taking")}");
                Assert.True(state.GetProperty("note").GetBoolean(), $"{path} does not say it is connecting");
            }

            // Sign-in is a plain form that posts without a circuit: it takes input at once.
            await slow.GotoAsync("/login");
            await slow.Page.FillAsync("#user-name", "ada", new() { Timeout = 5_000 });
            Assert.Equal(0, await slow.Page.Locator("#connecting-note").CountAsync());
        }
        finally
        {
            circuit.Release();
        }

        // Connected, the same pages take input and the note is gone.
        foreach (var (path, control) in pages)
        {
            await page.GotoAsync(path);
            await page.WaitForInteractiveAsync();

            // A page may hold its own gate while it loads (the editor while the data sets are read,
            // image folders by the worker, off the circuit's thread): wait for it to open, as a person would.
            await p.WaitForFunctionAsync($"() => document.querySelectorAll('{HeldControls}').length === 0");
            Assert.Equal(0, await p.Locator(HeldControls).CountAsync());
            if (control is not null)
            {
                await p.Locator($"main {control}").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
                var state = await p.EvaluateAsync<JsonElement>(Controls);
                Assert.True(state.GetProperty("taking").GetArrayLength() > 0, $"{path} takes no input once interactive");
            }
        }

        Assert.Empty(page.Errors);
    });

    private const string HeldControls = "#connecting-note, fieldset.interactive-gate:disabled, fieldset.interactive-gate[aria-disabled]";

    [GeneratedRegex(@"/studies/(\d+)$")]
    private static partial Regex StudyUrl();
}
