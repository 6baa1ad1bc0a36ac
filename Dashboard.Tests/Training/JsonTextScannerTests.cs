using Ablation.Contracts.Specs;

namespace Ablation.Tests.Training;

/// <summary>JSON refused before anything is built from it: too deep, too many values, a key twice, 1e400, broken text, bad syntax.</summary>
public sealed class JsonTextScannerTests
{
    private static readonly JsonTextLimits _limits = new(MaxDepth: 8, MaxValues: 1_000);

    [Fact]
    public void Scan_AcceptsAnOrdinarySpec()
    {
        Assert.Empty(JsonTextScanner.Scan("""{ "a": [1, 2.5, -3e-2], "b": { "c": "text", "d": null, "e": true } }""", _limits));
    }

    [Fact]
    public void Scan_RefusesNestingPastTheLimit_NamingWhere()
    {
        var problem = Assert.Single(JsonTextScanner.Scan("""{ "axes": [ { "values": [[[[[[[1]]]]]]] } ] }""", _limits));

        Assert.Equal("axes[0].values[0][0][0][0][0]", problem.Field); // the ninth level
        Assert.Contains("nests deeper than 8 levels", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_RefusesAHundredThousandLevels_WithoutRecursing_InLittleMemory()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var problem = Assert.Single(JsonTextScanner.Scan(deep, _limits));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Contains("nests deeper", problem.Message, StringComparison.Ordinal);
        Assert.True(allocated < 2 << 20, $"{allocated:N0} bytes"); // the text's own UTF-8 copy is 200 kB
    }

    [Fact]
    public void Scan_RefusesMoreValuesThanTheLimit()
    {
        var flood = "[" + string.Join(",", Enumerable.Repeat("0", 5_000)) + "]";

        var problem = Assert.Single(JsonTextScanner.Scan(flood, _limits));

        Assert.Equal("spec", problem.Field);
        Assert.Contains("more than 1,000 values", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_RefusesAKeyGivenTwice()
    {
        var problem = Assert.Single(JsonTextScanner.Scan("""{ "optimizer": { "lr": 0.1, "lr": 0.2 } }""", _limits));

        Assert.Equal("optimizer.lr", problem.Field);
        Assert.Contains("is given twice", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "optimizer": { "lr": 1e400 } }""", "optimizer.lr", "1e400 is not a finite number")]
    [InlineData("""{ "optimizer": { "lr": -1e400 } }""", "optimizer.lr", "-1e400 is not a finite number")]
    [InlineData("""{ "axes": [ { "values": [0.1, 1E+999] } ] }""", "axes[0].values[1]", "1E+999 is not a finite number")]
    public void Scan_RefusesNumbersNoDoubleHolds_NamingTheField(string json, string field, string message)
    {
        var problem = Assert.Single(JsonTextScanner.Scan(json, _limits));

        Assert.Equal(field, problem.Field);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void Scan_ReportsEveryNumberThatIsNotFinite_AtOnce()
    {
        var problems = JsonTextScanner.Scan("""{ "a": 1e400, "b": [2, -1e999] }""", _limits);

        Assert.Equal(["a", "b[1]"], problems.Select(p => p.Field));
    }

    [Fact]
    public void Scan_NamesTheLineInATextOfSeveralLines()
    {
        var problem = Assert.Single(JsonTextScanner.Scan("{\n  \"a\": 1,\n  \"lr\": 1e400\n}", _limits));

        Assert.Equal("lr: 1e400 is not a finite number (line 3)", problem.ToString());
    }

    [Fact]
    public void Scan_RefusesHalfASurrogatePair()
    {
        var problem = Assert.Single(JsonTextScanner.Scan("""{ "name": "a\ud800b" }""", _limits));

        Assert.Equal("name", problem.Field);
        Assert.Contains("not valid text", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"a\": ")]
    [InlineData("{ \"a\": x }")]
    [InlineData("[1, 2] [3]")]
    [InlineData("")]
    public void Scan_SyntaxErrors_SayWhereInWords_WithoutReaderInternals(string json)
    {
        var problem = Assert.Single(JsonTextScanner.Scan(json, _limits));

        Assert.Equal("spec", problem.Field);
        Assert.StartsWith("not valid JSON at line 1, column ", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePosition", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", problem.Message, StringComparison.Ordinal);
    }
}
