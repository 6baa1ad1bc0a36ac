using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Tests.Data;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard;

[Collection(TorchCollection.Name)]
public sealed class ApiTests : IDisposable
{
    private const string TwoCells = """
        { "name": "api grid",
          "base": { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] },
                    "batch_size": 32, "epochs": 2, "log_every": 4 },
          "axes": [ { "name": "lr", "path": "optimizer.lr", "values": [0.01, 0.003] } ],
          "mode": "full", "repeats": 1 }
        """;

    private readonly TempDataRoot _root = DashboardHost.NewRoot();

    public void Dispose() => _root.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task CreatedStudy_TrainsEveryCell_AndItsRunsAndMetricsCanBeRead()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();

        using var created = await http.PostAsync("/api/studies", Json(TwoCells));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await ReadAsync(created))["id"]!.GetValue<int>();
        Assert.Equal(2, (await ReadAsync(created))["runs"]!.GetValue<int>());

        await host.WaitForRunsAsync(id, runs => runs.All(r => r.Status == Ablation.Dashboard.Data.RunStatus.Succeeded));
        var study = await ReadAsync(await http.GetAsync($"/api/studies/{id}"));
        var runs = study["runs"]!.AsArray();
        Assert.Equal(["lr=0.01", "lr=0.003"], runs.Select(r => r!["label"]!.GetValue<string>()));
        Assert.All(runs, r => Assert.Equal("succeeded", r!["status"]!.GetValue<string>()));
        Assert.All(runs, r => Assert.InRange(r!["final_metrics"]!["test_accuracy"]!.GetValue<double>(), 0, 1));

        var runId = runs[0]!["id"]!.GetValue<int>();
        var run = await ReadAsync(await http.GetAsync($"/api/runs/{runId}"));
        Assert.Equal(0.01, run["spec"]!["optimizer"]!["lr"]!.GetValue<double>());
        var metrics = await ReadAsync(await http.GetAsync($"/api/runs/{runId}/metrics"));
        var valAccuracy = metrics["points"]!.AsArray()
            .Where(p => p!["split"]!.GetValue<string>() == "val" && p["name"]!.GetValue<string>() == "accuracy")
            .Select(p => p!["epoch"]!.GetValue<int>());
        Assert.Equal([1, 2], valAccuracy);

        var list = (await ReadAsync(await http.GetAsync("/api/studies"))).AsArray();
        Assert.Equal(2, Assert.Single(list)!["runs"]!["succeeded"]!.GetValue<int>());
        var spec = await ReadAsync(await http.GetAsync($"/api/studies/{id}/spec"));
        Assert.Equal("api grid", spec["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task StudyPostedAsYaml_IsCreated_AndItsSpecComesBackAsYamlAndJson()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();
        const string yaml = """
            name: yaml grid
            base:
              data: { dataset: toy }
              model: { family: mlp, hidden_sizes: [8] }
              batch_size: 32
              epochs: 1
            axes:
              - { name: lr, path: optimizer.lr, values: [0.01, 0.003] }
            """;

        using var created = await http.PostAsync("/api/studies", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await ReadAsync(created))["id"]!.GetValue<int>();
        Assert.Equal(2, (await ReadAsync(created))["runs"]!.GetValue<int>());

        var asYaml = await http.GetStringAsync($"/api/studies/{id}/spec?format=yaml");
        var asJson = await http.GetStringAsync($"/studies/{id}/study.json");
        var download = await http.GetAsync($"/studies/{id}/study.yaml");
        Assert.Equal($"study-{id}.yaml", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var roundTrip = Ablation.Dashboard.Services.Studies.StudySpecFile.Parse(asYaml, Ablation.Dashboard.Services.Studies.StudySpecFile.Format.Yaml);
        Assert.Equal("yaml grid", roundTrip.Name);
        Assert.Equal([0.01, 0.003], roundTrip.Axes[0].Values.Select(v => v!.GetValue<double>()));
        Assert.Equal(asYaml, await download.Content.ReadAsStringAsync());
        Assert.Equal("yaml grid", JsonNode.Parse(asJson)!["name"]!.GetValue<string>());

        using var broken = await http.PostAsync("/api/studies", new StringContent("name: x\nbase: {\n", Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("line", (await ReadAsync(broken))["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/studies/{id}/spec?format=toml")).StatusCode);
    }

    [Fact]
    public async Task InvalidStudy_Is400_NamesTheValue_AndQueuesNothing()
    {
        using var host = new DashboardHost(_root);
        using var http = host.CreateClient();
        var invalid = TwoCells.Replace("\"hidden_sizes\": [8] }", "\"hidden_sizes\": [8], \"dropout\": 1.5 }", StringComparison.Ordinal);

        using var response = await http.PostAsync("/api/studies", Json(invalid));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ReadAsync(response))["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(errors, e => e.Contains("model.dropout", StringComparison.Ordinal) && e.Contains("1.5", StringComparison.Ordinal));

        using var garbage = await http.PostAsync("/api/studies", Json("{ not json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Empty((await ReadAsync(await http.GetAsync("/api/studies"))).AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/studies/99")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/runs/99/metrics")).StatusCode);
    }
}
