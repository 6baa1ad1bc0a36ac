using System.Text.Json.Nodes;
using Ablation.Dashboard.Components.Pages;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Ablation.Tests.Components;

/// <summary>
/// The study editor rendered by bUnit beside MudBlazor's popover provider (where its selects open
/// their options, as AppShell supplies it in the app), over the dashboard's own services; and what a
/// person does with it, through its markup: typing into a field (committed as on leaving it),
/// picking from a select, clicking a button, opening a file.
/// </summary>
public abstract class StudyEditorContext : DashboardComponentContext
{
    /// <summary>The browser suite's baseline: a block order of five layers, four epochs.</summary>
    protected const string BaseSpec = """
        {
          "data": { "dataset": "toy", "subset": 320 },
          "model": { "family": "cnn", "conv_channels": [4, 8], "block_order": ["conv", "bn", "act", "pool", "dropout"] },
          "optimizer": { "name": "adam", "lr": 0.01 },
          "batch_size": 32, "epochs": 4, "log_every": 2, "seed": 1
        }
        """;

    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> _page = null!;

    /// <summary>The editor once it takes input, with <see cref="BaseSpec"/> as the baseline and a name.</summary>
    protected async Task OpenEditorAsync(string name)
    {
        _page = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<StudyEditor>(1);
            b.CloseComponent();
        });
        _page.WaitForAssertion(() => Assert.False(_page.Find("fieldset.interactive-gate").HasAttribute("disabled")), Wait);
        await TypeAsync("#base-spec", BaseSpec);
        await TypeAsync("#study-name", name);
    }

    protected IElement Find(string selector) => _page.Find(selector);

    protected IReadOnlyList<IElement> FindAll(string selector) => _page.FindAll(selector);

    protected void WaitFor(Action assertion) => _page.WaitForAssertion(assertion, Wait);

    // Each action waits until its handlers are done (a MudBlazor input's change is asynchronous), so
    // that what is read next is what the action made.

    /// <summary>Types a whole value into a field and leaves it (a MudBlazor field commits on change).</summary>
    protected Task TypeAsync(string selector, string value) => TypeAsync(_page.Find(selector), value);

    protected static Task TypeAsync(IElement input, string value) => input.ChangeAsync(new ChangeEventArgs { Value = value });

    protected string ValueOf(string selector) => ValueOf(_page.Find(selector));

    protected static string ValueOf(IElement input) => input.GetAttribute("value") ?? "";

    /// <summary>The baseline as the JSON field shows it.</summary>
    protected JsonNode Spec() => JsonNode.Parse(ValueOf("#base-spec"))!;

    protected Task ClickAsync(string selector) => _page.Find(selector).ClickAsync(new MouseEventArgs());

    protected string Summary() => Find(".preview-summary").TextContent.Trim();

    /// <summary>Opens the select whose control holds <paramref name="control"/> and clicks the option that reads <paramref name="option"/>.</summary>
    protected async Task PickAsync(Func<IElement> control, string option)
    {
        await OpenSelectAsync(control);
        await ClickOptionAsync(option);
    }

    protected async Task OpenSelectAsync(Func<IElement> control)
    {
        await control().Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs()); // as a press on the control opens it in the browser
        WaitFor(() => Assert.NotEmpty(Options()));
    }

    /// <summary>Clicks an option of the open select; the options are found again afterwards, as the select re-renders them.</summary>
    protected Task ClickOptionAsync(string option)
    {
        var item = Options().FirstOrDefault(o => o.TextContent.Trim() == option)
            ?? throw new Xunit.Sdk.XunitException($"no option '{option}' among {string.Join(", ", Options().Select(o => o.TextContent.Trim()))}");
        return item.ClickAsync(new MouseEventArgs());
    }

    /// <summary>The options of the open select, in the popover provider.</summary>
    protected IReadOnlyList<IElement> Options() => _page.FindAll(".mud-popover-provider .mud-popover-open .mud-list-item");

    protected void OpenFile(string name, string text) =>
        _page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, name));

    /// <summary>The problems shown in the field that holds the control.</summary>
    protected IReadOnlyList<string> ProblemsBeneath(string control) =>
        [.. Find(control).Closest(".field")!.QuerySelectorAll(".field-problem").Select(p => p.TextContent.Trim())];

    /// <summary>The problems shown beneath each axis row that has any.</summary>
    protected IReadOnlyList<IElement> AxisProblemLists() => FindAll(".axis-row + .field-problems");

    protected IElement AxisValues(int row) => FindAll(".axis-values input")[row];

    protected Task TypeAxisValuesAsync(int row, string value) => TypeAsync(AxisValues(row), value);
}
