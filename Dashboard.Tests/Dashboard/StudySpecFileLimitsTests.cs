using System.Text;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Services.Studies;
using Xunit.Abstractions;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// Hostile and malformed study spec files (YAML and JSON): refused before anything is built, in
/// bounded memory, with one line in the product's words.
/// </summary>
public sealed class StudySpecFileLimitsTests(ITestOutputHelper output)
{
    /// <summary>"Billion laughs": six levels of nine aliases, about 300 bytes, that expand to 9⁶ strings.</summary>
    public const string BillionLaughs = """
        name: lol
        base: { data: { dataset: toy } }
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        """;

    private const string Minimal = """{ "name": "s", "base": { "data": { "dataset": "toy" } } }""";

    /// <summary>Parses, expecting a refusal; returns its message and the bytes the parse allocated on this thread.</summary>
    private (string Message, long Allocated) Refuse(string text, StudySpecFile.Format format)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<StudyFileException>(() => StudySpecFile.Parse(text, format));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{allocated:N0} bytes allocated by the refused parse: {e.Message}");
        AssertPlain(e.Message);
        return (e.Message, allocated);
    }

    /// <summary>One line, and nothing of .NET's: no type name, JSON path, reader position or stack trace.</summary>
    private static void AssertPlain(string message)
    {
        Assert.DoesNotContain('\n', message);
        foreach (var internals in new[] { "System.", "Path: $", "LineNumber", "BytePosition", "Idx:", "   at ", "Exception" })
        {
            Assert.DoesNotContain(internals, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BillionLaughsYaml_IsRefusedAtItsFirstAnchor_BeforeExpandingAnything()
    {
        var (message, allocated) = Refuse(BillionLaughs, StudySpecFile.Format.Yaml);

        Assert.Contains("line 3", message, StringComparison.Ordinal);
        Assert.Contains("anchors and aliases (& and *) are not supported", message, StringComparison.Ordinal);
        // Expanding would take gigabytes; reading up to the anchor takes a few kilobytes.
        Assert.True(allocated < 10 << 20, $"the parse allocated {allocated:N0} bytes");
    }

    [Fact]
    public void AnAliasWithoutAnAnchorFirst_IsRefusedToo()
    {
        var (message, _) = Refuse("name: x\nbase: {}\nrepeats: *n\n", StudySpecFile.Format.Yaml);

        Assert.Contains("*n is an alias", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StudySpecFile.Format.Json)]
    [InlineData(StudySpecFile.Format.Yaml)]
    public void DeepNesting_IsRefused_InLittleMemory(StudySpecFile.Format format)
    {
        // Flow style is the same in both: 200,000 levels of lists.
        var deep = $"{{\"name\": \"x\", \"base\": {{}}, \"axes\": {new string('[', 200_000)}{new string(']', 200_000)}}}";

        var (message, allocated) = Refuse(deep, format);

        Assert.Contains($"nests deeper than {StudyLimits.MaxDepth} levels", message, StringComparison.Ordinal);
        Assert.True(allocated < 10 << 20, $"the parse allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData(StudySpecFile.Format.Json)]
    [InlineData(StudySpecFile.Format.Yaml)]
    public void AHugeArrayWithinTheByteLimit_IsRefusedByItsValueCount_InLittleMemory(StudySpecFile.Format format)
    {
        // 400,000 values in under a megabyte.
        var values = string.Join(",", Enumerable.Repeat("0", 400_000));
        var text = $"{{\"name\": \"x\", \"base\": {{}}, \"axes\": [{{\"name\": \"lr\", \"path\": \"optimizer.lr\", \"values\": [{values}]}}]}}";
        Assert.True(text.Length < StudyLimits.MaxSpecBytes);

        var (message, allocated) = Refuse(text, format);

        Assert.Contains($"more than {StudyLimits.MaxValues:N0} values", message, StringComparison.Ordinal);
        // Reading stops at the limit: at most a kilobyte for each value it was allowed to read (YAML's scanner takes about 450).
        Assert.True(allocated < StudyLimits.MaxValues * 1_000L, $"the parse allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData(StudySpecFile.Format.Json)]
    [InlineData(StudySpecFile.Format.Yaml)]
    public void AFileLargerThanTheLimit_IsRefusedBeforeItIsRead(StudySpecFile.Format format)
    {
        var text = Minimal[..^1] + $", \"description\": \"{new string('x', StudyLimits.MaxSpecBytes)}\" }}";

        var (message, allocated) = Refuse(text, format);

        Assert.Contains($"a study spec is at most {StudyLimits.MaxSpecBytes:N0}", message, StringComparison.Ordinal);
        Assert.True(allocated < 1 << 20, $"the parse allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData("""{ "name": "s", "base": { "optimizer": { "lr": 1e400 } } }""", StudySpecFile.Format.Json, "base.optimizer.lr: 1e400 is not a finite number")]
    [InlineData("""{ "name": "s", "base": {}, "axes": [{ "name": "lr", "path": "optimizer.lr", "values": [0.1, 1e400] }] }""", StudySpecFile.Format.Json, "axes[0].values[1]: 1e400 is not a finite number")]
    [InlineData("name: s\nbase: { optimizer: { lr: 1e400 } }\n", StudySpecFile.Format.Yaml, "line 2, column 26: 1e400 is not a finite number")]
    [InlineData("name: s\nbase: {}\naxes: [{ name: lr, path: optimizer.lr, values: [0.1, .inf] }]\n", StudySpecFile.Format.Yaml, ".inf is not a finite number")]
    [InlineData("name: s\nbase: {}\naxes: [{ name: lr, path: optimizer.lr, values: [-.inf, .nan] }]\n", StudySpecFile.Format.Yaml, "-.inf is not a finite number")]
    public void NumbersThatAreNotFinite_AreRefused_InBaseAndAxisValues(string text, StudySpecFile.Format format, string expected)
    {
        var (message, _) = Refuse(text, format);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotedInfinityInYaml_StaysText()
    {
        var spec = StudySpecFile.Parse("name: s\nbase: { notes: \".inf\" }\n", StudySpecFile.Format.Yaml);

        Assert.Equal(".inf", spec.Base["notes"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{ "name": "s", "base": {}, "name": "t" }""", StudySpecFile.Format.Json, "name: is given twice")]
    [InlineData("name: s\nbase: {}\nname: t\n", StudySpecFile.Format.Yaml, "'name' is given twice")]
    [InlineData("name: s\nbase: { data: { dataset: a, dataset: b } }\n", StudySpecFile.Format.Yaml, "'dataset' is given twice")]
    public void AKeyGivenTwice_IsRefused(string text, StudySpecFile.Format format, string expected)
    {
        var (message, _) = Refuse(text, format);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": 3, "base": {} }""", "name: text is wanted, got 3")]
    [InlineData("""{ "name": "s", "base": {}, "repeats": "abc" }""", "repeats: a whole number is wanted, got \"abc\"")]
    [InlineData("""{ "name": "s", "base": {}, "repeats": 2.5 }""", "repeats: a whole number is wanted, got 2.5")]
    [InlineData("""{ "name": "s", "base": {}, "repeats": 1e12 }""", "repeats: 1e12 is out of range")]
    [InlineData("""{ "name": "s", "base": {}, "description": ["a"] }""", "description: text is wanted, got a list")]
    [InlineData("""{ "name": "s", "base": {}, "axes": {} }""", "axes: a list is wanted, got an object")]
    [InlineData("""{ "name": "s", "base": {}, "axes": [3] }""", "axes[0]: an object is wanted, got 3")]
    [InlineData("""{ "name": "s", "base": {}, "axes": [{ "name": 1, "path": "epochs", "values": [1] }] }""", "axes[0].name: text is wanted, got 1")]
    [InlineData("""{ "name": "s", "base": {}, "axes": [{ "name": "e", "path": "epochs", "values": 1 }] }""", "axes[0].values: a list is wanted, got 1")]
    [InlineData("""{ "name": "s", "base": {}, "axes": [{ "path": "epochs", "values": [1] }] }""", "axes[0].name: is required")]
    [InlineData("""{ "name": "s", "base": {}, "axes": [null] }""", "axes[0]: is required")]
    [InlineData("""{ "name": "s", "base": {}, "axes": null }""", "axes: a list is wanted, got null")]
    [InlineData("""{ "name": "s", "base": {}, "mode": "variants", "variants": [{ "name": "v", "set": [1] }] }""", "variants[0].set: an object of names and values is wanted, got a list")]
    [InlineData("""{ "name": "s", "base": {}, "mode": 7.5 }""", "mode: full, oneFactorAtATime or variants is wanted, got 7.5")]
    [InlineData("""{ "name": "a\ud800", "base": {} }""", "name: is not valid text")]
    [InlineData("""{ "name": "s", "base": {}, "axis": [] }""", "unknown field 'axis'")]
    [InlineData("""{ "name": "s", "base": {}, "axes": [{ "name": "a", "path": "epochs", "values": [1], "valus": [2] }] }""", "axes[0]: unknown field 'valus'")]
    public void AValueOfTheWrongKind_SaysWhatIsWanted_InWords(string json, string expected)
    {
        var (message, _) = Refuse(json, StudySpecFile.Format.Json);

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: x\nbase: {\n")]
    [InlineData("a: [1, 2\nb: 3\n")]
    [InlineData("name: x\n\t- 1\n")]
    public void BrokenYaml_NamesTheLine_InWords(string yaml)
    {
        var (message, _) = Refuse(yaml, StudySpecFile.Format.Yaml);

        Assert.StartsWith("not valid YAML ", message, StringComparison.Ordinal);
        Assert.Contains("line ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"name\": \"x\", ")]
    [InlineData("{ \"name\": x }")]
    public void BrokenJson_NamesTheLineAndColumn_InWords(string json)
    {
        var (message, _) = Refuse(json, StudySpecFile.Format.Json);

        Assert.StartsWith("not valid JSON at line 1, column ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheFirstYamlDocument_IsTheSpec()
    {
        var spec = StudySpecFile.Parse("name: first\nbase: {}\n---\nname: second\n", StudySpecFile.Format.Yaml);

        Assert.Equal("first", spec.Name);
    }

    [Fact]
    public void SpecsWithinTheLimits_StillRead_InBothFormats()
    {
        var axes = string.Join(", ", Enumerable.Range(0, StudyLimits.MaxAxes).Select(i => $$"""{ "name": "a{{i}}", "path": "p{{i}}", "values": [{{string.Join(", ", Enumerable.Range(0, StudyLimits.MaxValuesPerAxis))}}] }"""));
        var json = $$"""{ "name": "wide", "base": { "data": { "dataset": "toy" } }, "axes": [{{axes}}] }""";

        var fromJson = StudySpecFile.Parse(json, StudySpecFile.Format.Json);
        var fromYaml = StudySpecFile.Parse(json, StudySpecFile.Format.Yaml); // JSON is YAML's flow style

        Assert.Equal(StudyLimits.MaxAxes, fromJson.Axes.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(StudySpecFile.ToJson(fromJson)), JsonNode.Parse(StudySpecFile.ToJson(fromYaml))));
        Assert.True(Encoding.UTF8.GetByteCount(json) < StudyLimits.MaxSpecBytes);
    }
}
