using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Ablation.Bench;

/// <summary>The few REST calls (docs/api.md) the benchmarks need.</summary>
internal sealed class DashboardApiClient(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<int> CreateStudyAsync(JsonObject studySpec)
    {
        using var response = await _http.PostAsync("/api/studies", new StringContent(studySpec.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the dashboard refused the study ({(int)response.StatusCode}): {body}");
        }

        return JsonNode.Parse(body)!["id"]!.GetValue<int>();
    }

    /// <summary>Polls the study until no run is queued or running; returns its runs.</summary>
    public async Task<JsonArray> WaitForStudyAsync(int id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var study = await _http.GetFromJsonAsync<JsonObject>($"/api/studies/{id}") ?? throw new InvalidOperationException($"study {id} vanished");
            var runs = study["runs"]!.AsArray();
            if (runs.All(r => r!["status"]!.GetValue<string>() is not ("queued" or "running")))
            {
                var failed = runs.Where(r => r!["status"]!.GetValue<string>() != "succeeded").ToList();
                return failed.Count == 0
                    ? runs
                    : throw new InvalidOperationException("runs did not succeed: " + string.Join("; ", failed.Select(r => $"{r!["label"]} {r["status"]} {r["error"]}")));
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"study {id} did not finish within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose() => _http.Dispose();
}
