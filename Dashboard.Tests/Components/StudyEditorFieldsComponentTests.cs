namespace Ablation.Tests.Components;

/// <summary>
/// The study editor's fields with bUnit (moved from the browser suite, issue 15): the baseline's
/// controls read and write the baseline's JSON, and every problem, whether a value the grid cannot
/// train on or one that cannot be read at all, shows beneath the field that holds it, never in a
/// banner; launch stays off until the grid is fixed.
/// </summary>
public sealed class StudyEditorFieldsComponentTests : StudyEditorContext
{
    private const string Banner = ".mud-alert";

    [Fact]
    public async Task BaselineFieldsEditTheSpec_AndEachProblemShowsBesideTheValueThatCausedIt()
    {
        await OpenEditorAsync("editor fields");

        // The baseline's controls read the spec and write it back.
        WaitFor(() => Assert.Equal("4", ValueOf("#base-epochs")));
        await TypeAsync("#base-epochs", "7");
        WaitFor(() => Assert.Equal(7, Spec()["epochs"]!.GetValue<int>()));
        await PickAsync(() => Find("#base-optimizer"), "sgd");
        WaitFor(() => Assert.Equal("sgd", Spec()["optimizer"]!["name"]!.GetValue<string>()));
        Assert.Equal(0.01, Spec()["optimizer"]!["lr"]!.GetValue<double>());
        Assert.Equal("toy", Spec()["data"]!["dataset"]!.GetValue<string>());
        Assert.Equal("sgd", ValueOf("#base-optimizer"));

        // A learning rate of 0 and a dropout of 1.5: each problem beneath its own value, launch stays off.
        await TypeAsync("#base-lr", "0");
        WaitFor(() => Assert.Equal(0, Spec()["optimizer"]!["lr"]!.GetValue<double>()));
        await ClickAsync("#add-axis"); // bn is there; this adds dropout
        await TypeAxisValuesAsync(1, "0, 1.5");
        await ClickAsync("#preview");
        WaitFor(() => Assert.Contains("invalid", Summary(), StringComparison.Ordinal));
        Assert.Contains(ProblemsBeneath("#base-lr"), t => t.Contains('0', StringComparison.Ordinal));
        var axisProblems = AxisProblemLists();
        Assert.Single(axisProblems); // bn's values are fine: nothing beneath its row
        Assert.Equal("dropout", axisProblems[0].PreviousElementSibling!.GetAttribute("data-axis"));
        var dropoutProblems = axisProblems[0].QuerySelectorAll(".field-problem").Select(p => p.TextContent.Trim()).ToList();
        Assert.Contains(dropoutProblems, t => t.StartsWith("1.5: model.dropout", StringComparison.Ordinal));
        Assert.DoesNotContain(dropoutProblems, t => t.Contains("optimizer.lr", StringComparison.Ordinal));
        Assert.True(Find("#launch").HasAttribute("disabled"));

        // A value that cannot be read at all is shown beneath its axis too, not in a banner.
        await TypeAxisValuesAsync(1, "0, abc");
        await ClickAsync("#preview");
        WaitFor(() => Assert.Contains(AxisProblemLists().SelectMany(l => l.QuerySelectorAll(".field-problem")), p => p.TextContent.Contains("'abc' is not a number", StringComparison.Ordinal)));
        Assert.Empty(FindAll(Banner));

        // And a study without a name says so beneath the name.
        await TypeAxisValuesAsync(1, "0, 0.5");
        await TypeAsync("#study-name", "");
        await ClickAsync("#preview");
        WaitFor(() => Assert.Contains(ProblemsBeneath("#study-name"), t => t.Contains("is required", StringComparison.Ordinal)));
        Assert.Empty(FindAll(Banner));
    }

    [Fact]
    public async Task RefusesHostileInput_BeneathTheFieldThatHoldsIt()
    {
        await OpenEditorAsync("report\u202Etxt.exe");

        // A right-to-left override in the name.
        await ClickAsync("#preview");
        WaitFor(() => Assert.Contains(ProblemsBeneath("#study-name"), t => t.Contains("bidirectional control character (U+202E)", StringComparison.Ordinal)));
        Assert.Empty(FindAll(Banner));

        // A description past its limit.
        await TypeAsync("#study-name", "hostile input");
        await TypeAsync("#study-description", new string('d', 4_001));
        await ClickAsync("#preview");
        WaitFor(() => Assert.Contains(ProblemsBeneath("#study-description"), t => t.Contains("at most 4,000", StringComparison.Ordinal)));
        Assert.Empty(FindAll(Banner));

        // 1e400 as an axis value, and as the baseline's learning rate.
        await TypeAsync("#study-description", "");
        await ClickAsync("#add-axis"); // bn is there; this adds dropout
        await TypeAxisValuesAsync(1, "0, 1e400");
        await ClickAsync("#preview");
        WaitFor(() => Assert.Contains(AxisProblemLists().SelectMany(l => l.QuerySelectorAll(".field-problem")), p => p.TextContent.Contains("'1e400' is not a finite number", StringComparison.Ordinal)));
        Assert.Empty(FindAll(Banner));
        await TypeAxisValuesAsync(1, "0, 0.3");
        await TypeAsync("#base-spec", BaseSpec.Replace("\"lr\": 0.01", "\"lr\": 1e400", StringComparison.Ordinal));
        await ClickAsync("#preview");
        WaitFor(() => Assert.Contains(ProblemsBeneath("#base-lr"), t => t.Contains("1e400 is not a finite number", StringComparison.Ordinal)));
        Assert.Equal("", ValueOf("#base-lr")); // the control shows no number it cannot hold
        Assert.True(Find("#launch").HasAttribute("disabled"));

        // A "billion laughs" file opened into the editor: refused at its first anchor, the form unchanged.
        OpenFile("laughs.yaml", Ablation.Tests.Dashboard.StudySpecFileLimitsTests.BillionLaughs);
        WaitFor(() => Assert.Contains("anchors and aliases (& and *) are not supported", Find("#spec-file-error").TextContent, StringComparison.Ordinal));
        Assert.Equal("hostile input", ValueOf("#study-name"));

        // A valid spec whose axis the editor has no row for: named, and the editor keeps working.
        OpenFile("eps.json", """{ "name": "eps", "base": {}, "axes": [{ "name": "eps", "path": "model.bn_eps", "values": [0.001] }] }""");
        WaitFor(() => Assert.Contains("axis eps: sets model.bn_eps, which the editor has no axis for", Find("#spec-file-error").TextContent, StringComparison.Ordinal));
        Assert.Equal("hostile input", ValueOf("#study-name"));
        await ClickAsync("#preview");
        WaitFor(() => Assert.Contains(ProblemsBeneath("#base-lr"), t => t.Contains("1e400 is not a finite number", StringComparison.Ordinal)));
    }
}
