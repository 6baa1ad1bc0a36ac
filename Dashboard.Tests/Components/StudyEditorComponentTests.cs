using Ablation.Dashboard.Components.Pages;
using AngleSharp.Dom;
using Bunit;

namespace Ablation.Tests.Components;

/// <summary>
/// The study editor with bUnit over the dashboard's services: what is wrong with the baseline is
/// shown beneath the value that caused it, whether it was set through a control or typed into the
/// JSON, and nothing can be launched until it is fixed.
/// </summary>
public sealed class StudyEditorComponentTests : DashboardComponentContext
{
    private const string Baseline = """{ "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 0, "batch_size": 16 }""";

    [Fact]
    public void AProblemInTheBaselineJson_ShowsBeneathItsControl_AndLaunchStaysOff()
    {
        var editor = Render<StudyEditor>();
        editor.WaitForAssertion(() => Assert.False(editor.Find("fieldset.interactive-gate").HasAttribute("disabled")), Wait);

        editor.Find("#study-name").Change("typed");
        editor.Find("#base-spec").Change(Baseline);
        editor.Find("#preview").Click();

        editor.WaitForAssertion(() => Assert.Contains("0 is out of range [1", ProblemsBeneath(editor, "#base-epochs")), Wait);
        Assert.Equal("", ProblemsBeneath(editor, "#base-batch")); // only where the problem is
        Assert.DoesNotContain("out of range", ProblemsBeneath(editor, "#base-spec"));
        Assert.True(editor.Find("#launch").HasAttribute("disabled"));
        Assert.Equal("typed", editor.Find("#study-name").GetAttribute("value")); // kept through the check

        // Fixed through the JSON, the problem goes and the grid can be launched.
        editor.Find("#base-spec").Change(Baseline.Replace("\"epochs\": 0", "\"epochs\": 2"));
        editor.Find("#preview").Click();
        editor.WaitForAssertion(() => Assert.False(editor.Find("#launch").HasAttribute("disabled")), Wait);
        Assert.Equal("", ProblemsBeneath(editor, "#base-epochs"));
    }

    /// <summary>The problems shown in the field that holds the control.</summary>
    private static string ProblemsBeneath(IRenderedComponent<StudyEditor> editor, string control) =>
        string.Join("\n", editor.Find(control).Closest(".field")!.QuerySelectorAll(".field-problem").Select(p => p.TextContent.Trim()));
}
