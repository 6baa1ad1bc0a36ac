using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Services.Datasets;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Ablation.Training.Data;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// The dashboard's side of the data root's link rule (Training/Data/DataRootFiles): a CSV, an IDX
/// file or an image that links outside the root is reported on the Datasets page and by the study
/// check, and its samples are not shown, always without the target's content.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DatasetFileLinksTests : IDisposable
{
    private const string SecretLine = "root:x:0:0:root:/root:/bin/bash secret-42";

    private readonly TempDataRoot _root = DashboardHost.NewRoot();
    private readonly string _data;
    private readonly string _secret;

    public DatasetFileLinksTests()
    {
        _data = _root.Combine("data");
        _secret = _root.Combine("outside", "passwd");
        Directory.CreateDirectory(_root.Combine("outside"));
        File.WriteAllText(_secret, SecretLine + "\n");
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void DatasetsPage_ReportsTheLinkedImage_AndShowsNoSamples()
    {
        var link = WritePetsWithLink();
        var directory = new DatasetDirectory(_data, _root.Combine("no-debian"));

        var pets = directory.List().Single(r => r.Id == "pets");
        var samples = Assert.Throws<DataException>(() => directory.Samples("pets"));

        Assert.False(pets.Available);
        AssertRefused(pets.Problem, link);
        AssertRefused(samples.Message, link);
    }

    [Fact]
    public void DatasetsPage_ReportsALinkedIdxFile_AndALinkedBuiltInTable()
    {
        IdxTestFiles.WriteDataset(Path.Combine(_data, "glyphs"), trainCount: 4, testCount: 2);
        var idx = Path.Combine(_data, "glyphs", "train-labels-idx1-ubyte.gz");
        File.Delete(idx);
        File.CreateSymbolicLink(idx, _secret);
        var iris = Path.Combine(_data, "sklearn", "iris.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(iris)!);
        File.CreateSymbolicLink(iris, _secret);

        var rows = new DatasetDirectory(_data, _root.Combine("no-debian")).List().ToDictionary(r => r.Id);

        Assert.False(rows["glyphs"].Available);
        AssertRefused(rows["glyphs"].Problem, idx);
        Assert.False(rows["iris"].Available);
        AssertRefused(rows["iris"].Problem, iris);
        Assert.True(rows[ToyData.Id].Available); // the other sets are untouched
    }

    [Theory]
    [InlineData("users/ana/prices.csv")]
    [InlineData("pets")]
    public void StudyCheck_PutsTheRefusalOnTheCell(string dataset)
    {
        var link = dataset == "pets" ? WritePetsWithLink() : LinkCsv(dataset);
        var spec = JsonNode.Parse($$"""{ "data": { "dataset": "{{dataset}}" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 1 }""")!.AsObject();

        var preview = new StudyValidator(_data).Preview(new StudySpec { Name = "s", Base = spec });

        Assert.False(preview.IsValid);
        AssertRefused(Assert.Single(preview.Cells[0].Problems).Message, link);
    }

    [Fact]
    public async Task Api_RefusesAStudyOnALinkedCsv_AndQueuesNothing()
    {
        var link = LinkCsv("users/ana/prices.csv");
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();

        using var response = await http.PostAsync("/api/studies", new StringContent(
            """{ "name": "leak", "base": { "data": { "dataset": "users/ana/prices.csv" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "epochs": 1 } }""",
            Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsArray();
        AssertRefused(Assert.Single(errors)!.GetValue<string>(), link);
        Assert.Empty(JsonNode.Parse(await http.GetStringAsync("/api/studies"))!.AsArray());
    }

    private void AssertRefused(string? message, string link)
    {
        Assert.NotNull(message);
        Assert.Contains($"{link} leads through a symbolic link to {_secret}, outside the data root {_data}", message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-42", message, StringComparison.Ordinal);
    }

    private string LinkCsv(string dataset)
    {
        var link = Path.Combine(_data, dataset);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, _secret);
        return link;
    }

    /// <summary>An image folder pets/ with cat/ and dog/, where dog/secret.png links outside; returns the link.</summary>
    private string WritePetsWithLink()
    {
        foreach (var (cls, c) in new[] { ("cat", 0), ("dog", 1) })
        {
            for (var i = 0; i < 4; i++)
            {
                ImageTestFiles.WritePng(Path.Combine(_data, "pets", cls, $"{i}.png"), 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 10 * c + i));
            }
        }

        var link = Path.Combine(_data, "pets", "dog", "secret.png");
        File.CreateSymbolicLink(link, _secret);
        return link;
    }
}
