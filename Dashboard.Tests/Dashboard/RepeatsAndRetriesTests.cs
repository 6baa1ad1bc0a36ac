using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Runs;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// Adding repeats and retrying runs through the REST API of a real dashboard on SQLite, with a
/// scripted worker so that runs end in a fraction of a second and fail exactly where told.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class RepeatsAndRetriesTests : IDisposable
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();
    private readonly ScriptedWorker _worker;

    public RepeatsAndRetriesTests() => _worker = new ScriptedWorker(_root.Combine("worker"));

    public void Dispose() => _root.Dispose();

    private static string Study(string name, int repeats, params double[] lrs) => $$"""
        { "name": "{{name}}",
          "base": { "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [8] }, "optimizer": { "name": "adam", "lr": 0.01 },
                    "batch_size": 32, "epochs": 1, "seed": 1 },
          "axes": [ { "name": "lr", "path": "optimizer.lr", "values": [{{string.Join(", ", lrs.Select(v => v.ToString(CultureInfo.InvariantCulture)))}}] } ],
          "mode": "full", "repeats": {{repeats}} }
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private static async Task<int> CreateAsync(HttpClient http, string study)
    {
        using var created = await http.PostAsync("/api/studies", Json(study));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await ReadAsync(created))["id"]!.GetValue<int>();
    }

    private static bool Ended(List<Run> runs) => runs.All(r => r.Status is not (RunStatus.Queued or RunStatus.Running));

    [Fact]
    public async Task AddRepeats_QueuesOnlyTheMissingRuns_WithTheNextSeeds_IsIdempotent_AndRefusesLowering()
    {
        using var host = new DashboardHost(_root, workerPath: _worker.WorkerPath);
        using var http = host.CreateClient();
        var id = await CreateAsync(http, Study("more seeds", 1, 0.01, 0.003));
        var first = await host.WaitForRunsAsync(id, rs => rs.All(r => r.Status == RunStatus.Succeeded));

        using var raised = await http.PostAsync($"/api/studies/{id}/repeats", Json("""{"repeats": 3}"""));
        Assert.True(raised.IsSuccessStatusCode, await raised.Content.ReadAsStringAsync());
        var answer = await ReadAsync(raised);
        Assert.Equal((1, 3), (answer["previous_repeats"]!.GetValue<int>(), answer["repeats"]!.GetValue<int>()));
        var queued = answer["queued"]!.AsArray().Select(n => n!.GetValue<int>()).ToList();
        Assert.Equal(4, queued.Count);

        var runs = await host.WaitForRunsAsync(id, rs => rs.Count == 6 && rs.All(r => r.Status == RunStatus.Succeeded));
        // The first runs are untouched: same rows, same results, each trained once.
        foreach (var before in first)
        {
            var after = runs.Single(r => r.Id == before.Id);
            Assert.Equal((before.Repeat, before.Seed, before.FinalMetricsJson, before.EndedAt), (after.Repeat, after.Seed, after.FinalMetricsJson, after.EndedAt));
        }

        Assert.Equal(6, _worker.Launches.Count);
        Assert.Equal(queued, runs.Where(r => !first.Any(f => f.Id == r.Id)).Select(r => r.Id));
        foreach (var cell in runs.GroupBy(r => r.Label))
        {
            // Repeats 1 and 2 take the next seeds, as a study created with three repeats would have.
            Assert.Equal([(0, 1), (1, 2), (2, 3)], cell.OrderBy(r => r.Repeat).Select(r => (r.Repeat, r.Seed)));
            Assert.All(cell, r => Assert.Equal(r.Seed, JsonNode.Parse(r.SpecJson)!["seed"]!.GetValue<int>()));
        }

        // Asking again for the same number queues nothing.
        using var again = await http.PostAsync($"/api/studies/{id}/repeats", Json("""{"repeats": 3}"""));
        Assert.Empty((await ReadAsync(again))["queued"]!.AsArray());

        // Lowering is refused with a message naming the field and both numbers, and changes nothing.
        using var lowered = await http.PostAsync($"/api/studies/{id}/repeats", Json("""{"repeats": 2}"""));
        Assert.Equal(HttpStatusCode.BadRequest, lowered.StatusCode);
        var error = (await ReadAsync(lowered))["error"]!.GetValue<string>();
        Assert.Contains("repeats", error, StringComparison.Ordinal);
        Assert.Contains("2", error, StringComparison.Ordinal);
        Assert.Contains("3", error, StringComparison.Ordinal);
        using var garbage = await http.PostAsync($"/api/studies/{id}/repeats", Json("""{"repeats": "many"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        using var tooMany = await http.PostAsync($"/api/studies/{id}/repeats", Json("""{"repeats": 101}"""));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        using var missing = await http.PostAsync("/api/studies/99/repeats", Json("""{"repeats": 3}"""));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        Assert.Equal(6, (await host.RunsAsync(id)).Count);
        var study = await ReadAsync(await http.GetAsync($"/api/studies/{id}"));
        Assert.Equal(3, study["repeats"]!.GetValue<int>());
        Assert.Equal(3, (await ReadAsync(await http.GetAsync($"/api/studies/{id}/spec")))["repeats"]!.GetValue<int>());
    }

    [Fact]
    public async Task ConcurrentAddRepeats_QueueEachMissingRunOnce()
    {
        using var host = new DashboardHost(_root, workerPath: _worker.WorkerPath);
        using var http = host.CreateClient();
        var id = await CreateAsync(http, Study("at once", 1, 0.01));

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await http.PostAsync($"/api/studies/{id}/repeats", Json("""{"repeats": 4}"""));
            return (await ReadAsync(response))["queued"]!.AsArray().Count;
        }));

        Assert.Equal(3, answers.Sum());
        var runs = await host.WaitForRunsAsync(id, rs => rs.Count == 4 && Ended(rs));
        Assert.Equal([0, 1, 2, 3], runs.Select(r => r.Repeat).Order());
    }

    [Fact]
    public async Task RetryStudy_RerunsOnlyItsFailedAndDivergedRuns_SameSeed_FreshFolder_KeepingTheEarlierAttempts()
    {
        using var host = new DashboardHost(_root, workerPath: _worker.WorkerPath);
        using var http = host.CreateClient();
        var launches = new ConcurrentDictionary<int, int>();
        using var subscription = host.Get<RunEventBus>().SubscribeAll(u =>
        {
            if (u.Event == "launch")
            {
                launches.AddOrUpdate(u.RunId, 1, (_, n) => n + 1);
            }
        });
        _worker.FailOnce("\"lr\":0.003", diverge: true); // the first run of that cell diverges
        _worker.FailOnce("\"lr\":0.003");                // the second fails
        var id = await CreateAsync(http, Study("retry", 3, 0.01, 0.003));
        var ended = await host.WaitForRunsAsync(id, rs => Ended(rs));
        var diverged = ended.Single(r => r.Status == RunStatus.Diverged);
        var failed = ended.Single(r => r.Status == RunStatus.Failed);
        var succeeded = ended.Where(r => r.Status == RunStatus.Succeeded).ToList();
        Assert.Equal(4, succeeded.Count);
        Assert.Equal(("lr=0.003", "lr=0.003"), (diverged.Label, failed.Label));

        // A succeeded run is never run again.
        using var refused = await http.PostAsync($"/api/runs/{succeeded[0].Id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("succeeded", (await ReadAsync(refused))["error"]!.GetValue<string>(), StringComparison.Ordinal);

        using var retried = await http.PostAsync($"/api/studies/{id}/retry", null);
        Assert.True(retried.IsSuccessStatusCode, await retried.Content.ReadAsStringAsync());
        var pairs = (await ReadAsync(retried))["retried"]!.AsArray()
            .Select(p => (Old: p!["run_id"]!.GetValue<int>(), New: p["retry_run_id"]!.GetValue<int>())).ToList();
        Assert.Equal([diverged.Id, failed.Id], pairs.Select(p => p.Old));

        var all = await host.WaitForRunsAsync(id, rs => rs.Count == 8 && Ended(rs));
        foreach (var (old, retry) in pairs.Select(p => (all.Single(r => r.Id == p.Old), all.Single(r => r.Id == p.New))))
        {
            Assert.Equal(RunStatus.Succeeded, retry.Status);
            Assert.Equal((old.Label, old.Repeat, old.Seed, old.SpecJson), (retry.Label, retry.Repeat, retry.Seed, retry.SpecJson));
            Assert.Equal((1, 2), (old.Attempt, retry.Attempt));
            Assert.Equal(retry.Id, old.RetriedById);
            Assert.NotEqual(old.RunDirectory, retry.RunDirectory); // started over, not resumed
            Assert.NotNull(old.Error);                              // the earlier attempt keeps its error
        }

        Assert.Equal(RunStatus.Diverged, all.Single(r => r.Id == diverged.Id).Status);
        Assert.Equal(8, launches.Count);
        Assert.All(launches, kv => Assert.Equal(1, kv.Value)); // the succeeded runs were not started again
        Assert.Contains(await host.PointsAsync(id), p => p.RunId == diverged.Id); // nothing recorded is lost

        // The API lists the current runs, one per (cell, repeat), and the earlier attempts apart.
        var study = await ReadAsync(await http.GetAsync($"/api/studies/{id}"));
        var runs = study["runs"]!.AsArray();
        Assert.Equal(6, runs.Count);
        Assert.All(runs, r => Assert.Equal("succeeded", r!["status"]!.GetValue<string>()));
        Assert.Equal(6, runs.Select(r => (r!["label"]!.GetValue<string>(), r["repeat"]!.GetValue<int>())).Distinct().Count());
        Assert.Equal([diverged.Id, failed.Id], study["earlier_attempts"]!.AsArray().Select(r => r!["id"]!.GetValue<int>()));
        Assert.Equal(6, (await ReadAsync(await http.GetAsync("/api/studies"))).AsArray()[0]!["runs"]!["succeeded"]!.GetValue<int>());

        // Again: nothing is left to retry; an earlier attempt is not retried twice.
        using var again = await http.PostAsync($"/api/studies/{id}/retry", null);
        Assert.Empty((await ReadAsync(again))["retried"]!.AsArray());
        using var twice = await http.PostAsync($"/api/runs/{failed.Id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains($"as run {pairs[1].New}", (await ReadAsync(twice))["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(8, (await host.RunsAsync(id)).Count);

        // The results leave the earlier attempts out.
        var results = (await ResultsLoader.LoadAsync(host.Get<IDbContextFactory<AblationDb>>(), id))!;
        Assert.Equal(all.Where(r => r.RetriedById is null).Select(r => r.Id), results.Runs.Select(r => r.Id));
        Assert.Empty(results.SeriesOf(diverged.Id));
    }

    [Fact]
    public async Task RetryCell_RetriesThatCellOnly_AndUnknownCellsAreNamed()
    {
        using var host = new DashboardHost(_root, workerPath: _worker.WorkerPath);
        using var http = host.CreateClient();
        _worker.FailOnce("\"lr\":0.01");
        _worker.FailOnce("\"lr\":0.003");
        var id = await CreateAsync(http, Study("one cell", 1, 0.01, 0.003));
        var ended = await host.WaitForRunsAsync(id, rs => Ended(rs));
        Assert.All(ended, r => Assert.Equal(RunStatus.Failed, r.Status));

        using var unknown = await http.PostAsync($"/api/studies/{id}/retry", Json("""{"cell": "lr=7"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("lr=7", (await ReadAsync(unknown))["error"]!.GetValue<string>(), StringComparison.Ordinal);
        using var malformed = await http.PostAsync($"/api/studies/{id}/retry", Json("[1, 2]"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var cell = await http.PostAsync($"/api/studies/{id}/retry", Json("""{"cell": "lr=0.003"}"""));
        var retried = (await ReadAsync(cell))["retried"]!.AsArray().Select(p => p!["run_id"]!.GetValue<int>()).ToList();
        Assert.Equal([ended.Single(r => r.Label == "lr=0.003").Id], retried);

        var runs = await host.WaitForRunsAsync(id, rs => rs.Count == 3 && Ended(rs));
        Assert.Equal(RunStatus.Succeeded, runs.Single(r => r.Label == "lr=0.003" && r.RetriedById is null).Status);
        Assert.Equal(RunStatus.Failed, runs.Single(r => r.Label == "lr=0.01").Status); // the other cell is left as it was
    }

    [Fact]
    public async Task ConcurrentRetriesOfOneRun_MakeOneNewRun()
    {
        using var host = new DashboardHost(_root, workerPath: _worker.WorkerPath);
        using var http = host.CreateClient();
        _worker.FailOnce("\"lr\":0.01");
        _worker.FailOnce("\"lr\":0.003");
        var firstStudy = await CreateAsync(http, Study("race", 1, 0.01));
        var runId = (await host.WaitForRunsAsync(firstStudy, Ended)).Single().Id;
        var otherStudy = await CreateAsync(http, Study("race 2", 1, 0.003));
        await host.WaitForRunsAsync(otherStudy, Ended);

        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await http.PostAsync($"/api/runs/{runId}/retry", null);
            return response.StatusCode;
        }));
        var studyRetries = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await http.PostAsync($"/api/studies/{otherStudy}/retry", null);
            return (await ReadAsync(response))["retried"]!.AsArray().Count;
        }));

        Assert.Equal(1, codes.Count(c => c == HttpStatusCode.OK));
        Assert.Equal(7, codes.Count(c => c == HttpStatusCode.Conflict));
        Assert.Equal(1, studyRetries.Sum());
        foreach (var study in new[] { firstStudy, otherStudy })
        {
            // One earlier attempt and one retry: never two runs for the one (cell, repeat).
            var runs = await host.WaitForRunsAsync(study, rs => rs.Count >= 2 && Ended(rs));
            Assert.Equal(2, runs.Count);
            Assert.Equal(RunStatus.Succeeded, Assert.Single(runs, r => r.RetriedById is null).Status);
        }
    }

    [Fact]
    public async Task CellsCsv_HasMeanStdAndNOfTheSucceededRuns_WithDivergedAndFailedCountedApart()
    {
        using var host = new DashboardHost(_root, workerPath: _worker.WorkerPath);
        using var http = host.CreateClient();
        _worker.FailOnce("\"lr\":0.003", diverge: true); // its epoch reported test accuracy 0.99: it must not count
        _worker.FailOnce("\"lr\":0.003");
        var id = await CreateAsync(http, Study("aggregates", 4, 0.01, 0.003));
        await host.WaitForRunsAsync(id, Ended);

        var runs = (await ReadAsync(await http.GetAsync($"/api/studies/{id}")))["runs"]!.AsArray().Select(r => r!).ToList();
        var csv = await http.GetStringAsync($"/studies/{id}/cells.csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(3, lines.Length); // a header and one line per cell
        foreach (var line in lines.Skip(1))
        {
            var fields = ParseCsvLine(line);
            string Field(string name) => fields[Array.IndexOf(header, name)];
            var mine = runs.Where(r => r["label"]!.GetValue<string>() == fields[0]).ToList();
            var values = mine.Where(r => r["status"]!.GetValue<string>() == "succeeded")
                .Select(r => r["final_metrics"]!["test_accuracy"]!.GetValue<double>()).ToList();
            var mean = values.Sum() / values.Count;
            var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Sum() / (values.Count - 1));

            Assert.Equal(values.Count, int.Parse(Field("test_accuracy_n"), CultureInfo.InvariantCulture));
            Assert.Equal(mean, double.Parse(Field("test_accuracy_mean"), CultureInfo.InvariantCulture), 12);
            Assert.Equal(std, double.Parse(Field("test_accuracy_std"), CultureInfo.InvariantCulture), 12);
            Assert.Equal(mine.Count, int.Parse(Field("runs"), CultureInfo.InvariantCulture));
            var expected = fields[0] == "lr=0.003" ? (2, 1, 1) : (4, 0, 0); // succeeded, failed, diverged
            Assert.Equal(expected, (int.Parse(Field("succeeded"), CultureInfo.InvariantCulture), int.Parse(Field("failed"), CultureInfo.InvariantCulture),
                int.Parse(Field("diverged"), CultureInfo.InvariantCulture)));
        }
    }

    private static string[] ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
