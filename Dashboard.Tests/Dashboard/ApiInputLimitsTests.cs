using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Data;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// The probes of issue 13 against a real host on SQLite: hostile, huge and malformed bodies posted
/// to the API and the sign-in form are refused with 400 or 413 and one JSON line in the product's
/// words, cheaply, and nothing is stored.
/// </summary>
public sealed class ApiInputLimitsTests : IDisposable
{
    private const string Base = """{ "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "batch_size": 32, "epochs": 1 }""";

    private readonly TempDataRoot _root = DashboardHost.NewRoot();

    public void Dispose() => _root.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Study(string name = "\"probe\"", string extra = "", string baseSpec = Base) =>
        $$"""{ "name": {{name}}, "base": {{baseSpec}}{{extra}} }""";

    /// <summary>The refusal: its status, JSON with one line of error, nothing queued; returns the error (and the listed errors).</summary>
    private static async Task<string> RefusedAsync(HttpClient http, HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotMatch(@"\\u00(22|26|27|2B|3C|3E)", text); // read as written: "abc", &a, U+202E, not \u0022abc\u0022
        var body = JsonNode.Parse(text)!;
        var error = body["error"]!.GetValue<string>();
        var all = string.Join(" | ", [error, .. (body["errors"]?.AsArray() ?? []).Select(e => e!.GetValue<string>())]);
        foreach (var internals in new[] { "System.", "Path: $", "LineNumber", "BytePosition", "   at ", "Exception" })
        {
            Assert.DoesNotContain(internals, all, StringComparison.Ordinal);
        }

        Assert.Empty((JsonNode.Parse(await http.GetStringAsync("/api/studies")) as JsonArray)!);
        return all;
    }

    [Fact]
    public async Task BillionLaughsYaml_Is400_BeforeAnyAliasIsExpanded_AndNothingIsStored()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();
        await http.GetStringAsync("/api/studies"); // the host is up: its start-up is not counted below

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await http.PostAsync("/api/studies", new StringContent(StudySpecFileLimitsTests.BillionLaughs, Encoding.UTF8, "application/yaml"));
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        var error = await RefusedAsync(http, response, HttpStatusCode.BadRequest);
        Assert.Contains("anchors and aliases (& and *) are not supported", error, StringComparison.Ordinal);
        // Every thread of the process counts here, the host's own work included; expanding the aliases took gigabytes.
        Assert.True(allocated < 100 << 20, $"the request allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task DeeplyNestedJson_AndAHugeArray_Are400_AndNothingIsStored()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();
        var deep = Study(extra: $", \"axes\": {new string('[', 100_000)}{new string(']', 100_000)}");
        var flood = Study(extra: $", \"axes\": [{{ \"name\": \"lr\", \"path\": \"optimizer.lr\", \"values\": [{string.Join(",", Enumerable.Repeat("0", 400_000))}] }}]");

        using var deepResponse = await http.PostAsync("/api/studies", Json(deep));
        Assert.Contains("nests deeper than 16 levels", await RefusedAsync(http, deepResponse, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var floodResponse = await http.PostAsync("/api/studies", Json(flood));
        Assert.Contains("more than 20,000 values", await RefusedAsync(http, floodResponse, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyPastTheLimit_Is413Json_BeforeItIsRead()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();
        // The probe: a 25 MB description, and a body past Kestrel's own 30 MB.
        var description = Study(extra: $", \"description\": \"{new string('d', 25_000_000)}\"");
        var huge = new ByteArrayContent(new byte[31 << 20]);
        huge.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var declared = await http.PostAsync("/api/studies", Json(description));
        Assert.Contains("at most 1,048,576 bytes", await RefusedAsync(http, declared, HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        using var past30 = await http.PostAsync("/api/studies", huge);
        Assert.Contains("the request body is 32,505,856 bytes", await RefusedAsync(http, past30, HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPostTakesTheLimit_TheOtherApiCalls_AndTheSignInForm()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();
        var big = new string('x', (1 << 20) + 1);

        using var repeats = await http.PostAsync("/api/studies/1/repeats", Json($"{{\"repeats\": 2, \"pad\": \"{big}\"}}"));
        await RefusedAsync(http, repeats, HttpStatusCode.RequestEntityTooLarge);
        using var retry = await http.PostAsync("/api/studies/1/retry", Json($"{{\"cell\": \"{big}\"}}"));
        await RefusedAsync(http, retry, HttpStatusCode.RequestEntityTooLarge);
        using var login = await http.PostAsync("/account/login", new FormUrlEncodedContent([new("userName", "ada"), new("password", big)]));
        await RefusedAsync(http, login, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task NameAndDescriptionLimits_AndControlCharacters_Are400_NamingTheField()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();

        foreach (var (name, named) in new[] { ("\"a\\u0000b\"", "U+0000"), ("\"bell\\u0007\"", "U+0007"), ("\"abc\\u202Etxt.exe\"", "U+202E") })
        {
            using var response = await http.PostAsync("/api/studies", Json(Study(name)));
            var error = await RefusedAsync(http, response, HttpStatusCode.BadRequest);
            Assert.StartsWith("name: holds a", error, StringComparison.Ordinal);
            Assert.Contains(named, error, StringComparison.Ordinal);
        }

        using var axisName = await http.PostAsync("/api/studies", Json(Study(extra: """, "axes": [{ "name": "l\u202Er", "path": "optimizer.lr", "values": [0.1] }]""")));
        Assert.Contains("axis l<U+202E>r: holds a bidirectional control character (U+202E)", await RefusedAsync(http, axisName, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var longName = await http.PostAsync("/api/studies", Json(Study($"\"{new string('n', 201)}\"")));
        Assert.Equal("name: is 201 characters long; it may have at most 200", await RefusedAsync(http, longName, HttpStatusCode.BadRequest));
        using var longDescription = await http.PostAsync("/api/studies", Json(Study(extra: $", \"description\": \"{new string('d', 5_000)}\"")));
        Assert.Equal("description: is 5,000 characters long; it may have at most 4,000", await RefusedAsync(http, longDescription, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task NumbersThatAreNotFinite_Are400_InTheBaseAndInAxisValues()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();
        var inBase = Study(baseSpec: Base.Replace("\"epochs\": 1", "\"epochs\": 1, \"optimizer\": { \"lr\": 1e400 }", StringComparison.Ordinal));
        var inAxis = Study(extra: """, "axes": [{ "name": "lr", "path": "optimizer.lr", "values": [0.01, 1e400] }]""");
        const string yaml = "name: y\nbase: { data: { dataset: toy }, model: { family: mlp }, optimizer: { lr: 1e400 } }\n";

        using var baseResponse = await http.PostAsync("/api/studies", Json(inBase));
        Assert.Contains("base.optimizer.lr: 1e400 is not a finite number", await RefusedAsync(http, baseResponse, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var axisResponse = await http.PostAsync("/api/studies", Json(inAxis));
        Assert.Contains("axes[0].values[1]: 1e400 is not a finite number", await RefusedAsync(http, axisResponse, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var yamlResponse = await http.PostAsync("/api/studies", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.Contains("1e400 is not a finite number", await RefusedAsync(http, yamlResponse, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, "100,000")]
    [InlineData(6, "1,000,000")]
    [InlineData(10, "10,000,000,000")]
    public async Task AGridPastTheLimit_Is400_WithItsTrueRunCount(int axes, string count)
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();
        string[] paths = ["batch_size", "epochs", "seed", "log_every", "model.kernel_size", "model.depth", "model.stride", "model.pool_kernel", "data.subset", "data.test_subset"];
        var axisJson = string.Join(", ", paths.Take(axes).Select(p => $$"""{ "name": "{{p}}", "path": "{{p}}", "values": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }"""));

        using var response = await http.PostAsync("/api/studies", Json(Study(extra: $", \"axes\": [{axisJson}]")));

        Assert.Equal($"axes: this grid has {count} runs; the limit is 2,000 (fewer values per axis, fewer repeats, or one factor at a time)",
            await RefusedAsync(http, response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("\"name\": 3", "", "the body is not a study spec: name: text is wanted, got 3")]
    [InlineData("\"name\": \"t\"", ", \"repeats\": \"abc\"", "the body is not a study spec: repeats: a whole number is wanted, got \"abc\"")]
    [InlineData("\"name\": \"t\"", ", \"axes\": [{ \"path\": \"epochs\", \"values\": [1] }]", "the body is not a study spec: axes[0].name: is required")]
    public async Task AValueOfTheWrongKind_Is400_SayingWhatIsWanted(string name, string extra, string expected)
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();

        using var response = await http.PostAsync("/api/studies", Json($"{{ {name}, \"base\": {Base}{extra} }}"));

        Assert.StartsWith(expected, await RefusedAsync(http, response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABaseFieldOfTheWrongKind_IsListedByCell_SayingWhatIsWanted()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();

        using var response = await http.PostAsync("/api/studies", Json(Study(baseSpec: Base.Replace("\"epochs\": 1", "\"epochs\": \"abc\"", StringComparison.Ordinal))));

        Assert.Contains("baseline: epochs: a whole number is wanted, got \"abc\"", await RefusedAsync(http, response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}
