using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Ablation.Tests.Browser;

/// <summary>Studies for a <see cref="SeededWorkerBrowser"/>, created through the API and trained to the end.</summary>
internal static class SeededStudies
{
    /// <summary>Launches the bn × dropout grid with <paramref name="seeds"/> per cell and waits until every run succeeded.</summary>
    public static async Task<int> TrainBnDropoutAsync(HttpClient http, string name, int seeds)
    {
        var study = new JsonObject
        {
            ["name"] = name,
            ["repeats"] = seeds,
            ["base"] = JsonNode.Parse("""{ "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8], "batch_norm": true, "dropout": 0 }, "epochs": 2 }"""),
            ["axes"] = JsonNode.Parse("""
                [ { "name": "bn", "path": "model.batch_norm", "values": [true, false] },
                  { "name": "dropout", "path": "model.dropout", "values": [0, 0.3] } ]
                """),
        };
        using var created = await http.PostAsync("/api/studies", new StringContent(study.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        await WaitForAllRunsAsync(http, id, runs: 4 * seeds);
        return id;
    }

    private static async Task WaitForAllRunsAsync(HttpClient http, int studyId, int runs)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var study = await http.GetFromJsonAsync<JsonObject>($"/api/studies/{studyId}");
            var statuses = study!["runs"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()).ToList();
            if (statuses.Count == runs && statuses.All(s => s.Equals("succeeded", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            Assert.DoesNotContain(statuses, s => s.Equals("failed", StringComparison.OrdinalIgnoreCase));
            Assert.True(DateTime.UtcNow < deadline, $"runs did not finish: {string.Join(", ", statuses)}");
            await Task.Delay(250);
        }
    }
}
