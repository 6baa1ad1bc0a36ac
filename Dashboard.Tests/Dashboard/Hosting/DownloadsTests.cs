using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Sharing;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Dashboard.Results;
using Ablation.Tests.Data;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Tests.Dashboard.Hosting;

/// <summary>
/// Every download of a study, checked against the database on a study of 120 runs and 3,360
/// points (<see cref="LargeStudy"/>): far more than fits in any writer's buffer, so a download
/// that loses rows, or writes nothing once the first buffer fills, shows up.
/// </summary>
public sealed partial class DownloadsTests : IAsyncLifetime
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();
    private DashboardHost? _host;
    private LargeStudy? _study;

    private DashboardHost Host => _host!;
    private LargeStudy Study => _study!;

    public async Task InitializeAsync()
    {
        _host = new DashboardHost(_root);
        _ = _host.Server; // starts the host, which creates the database
        _study = await LargeStudy.WriteAsync(_host.Get<IDbContextFactory<AblationDb>>());
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        _root.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PointsCsv_HoldsEveryPointOfEveryRun(bool shared)
    {
        var csv = await DownloadAsync(shared ? $"{await ShareAsync()}/points.csv" : $"/studies/{Study.Id}/points.csv", "text/csv");

        var rows = Rfc4180.Parse(csv);
        Assert.Equal(["run_id", "label", "bn", "dropout", "seed", "split", "name", "epoch", "step", "value", "time"], rows[0]);
        Assert.Equal(Study.Points.Count, rows.Count - 1);
        var expected = Study.Points.ToDictionary(p => (p.RunId, p.Split, p.Name, p.Step));
        var runs = Study.Runs.ToDictionary(r => r.Id);
        foreach (var row in rows.Skip(1))
        {
            var runId = int.Parse(row[0], CultureInfo.InvariantCulture);
            Assert.True(expected.Remove((runId, row[5], row[6], long.Parse(row[8], CultureInfo.InvariantCulture)), out var point), $"unexpected or repeated row {string.Join(",", row)}");
            Assert.Equal(runs[runId].Label, row[1]);
            Assert.Equal(runs[runId].Seed.ToString(CultureInfo.InvariantCulture), row[4]);
            Assert.Equal(point.Epoch.ToString(CultureInfo.InvariantCulture), row[7]);
            Assert.Equal(point.Value, double.Parse(row[9], CultureInfo.InvariantCulture));
            Assert.Equal(point.Time, double.Parse(row[10], CultureInfo.InvariantCulture));
        }

        Assert.Empty(expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResultsCsv_HoldsOneLinePerRun_WithItsFinalMetrics(bool shared)
    {
        var csv = await DownloadAsync(shared ? $"{await ShareAsync()}/results.csv" : $"/studies/{Study.Id}/results.csv", "text/csv");

        var rows = Rfc4180.Parse(csv);
        var column = rows[0].Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        Assert.Equal(Study.Runs.Count, rows.Count - 1);
        Assert.Equal(Study.Runs.Select(r => r.Id).Order(), rows.Skip(1).Select(r => int.Parse(r[column["run_id"]], CultureInfo.InvariantCulture)).Order());
        foreach (var (run, n) in Study.Runs.Select((r, i) => (r, i)))
        {
            var row = rows.Single(r => r[column["run_id"]] == run.Id.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(run.Label, row[column["label"]]);
            Assert.Equal(run.Repeat.ToString(CultureInfo.InvariantCulture), row[column["repeat"]]);
            Assert.Equal(LargeStudy.Accuracy(n), double.Parse(row[column["test_accuracy"]], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task CellsCsv_CountsEveryRunInItsCell()
    {
        var rows = Rfc4180.Parse(await DownloadAsync($"/studies/{Study.Id}/cells.csv", "text/csv"));

        var column = rows[0].Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        Assert.Equal(4, rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            var members = Study.Runs.Select((r, n) => (r, n)).Where(p => p.r.Label == row[column["label"]]).ToList();
            Assert.Equal(LargeStudy.Repeats, members.Count);
            Assert.Equal(LargeStudy.Repeats.ToString(CultureInfo.InvariantCulture), row[column["runs"]]);
            Assert.Equal(LargeStudy.Repeats.ToString(CultureInfo.InvariantCulture), row[column["succeeded"]]);
            Assert.Equal(LargeStudy.Repeats.ToString(CultureInfo.InvariantCulture), row[column["test_accuracy_n"]]);
            Assert.Equal(members.Average(p => LargeStudy.Accuracy(p.n)), double.Parse(row[column["test_accuracy_mean"]], CultureInfo.InvariantCulture), 12);
        }
    }

    [Fact]
    public async Task PointsJson_HoldsEverySeriesOfEveryRun()
    {
        using var json = JsonDocument.Parse(await DownloadAsync($"/studies/{Study.Id}/points.json", "application/json"));

        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(Study.Runs.Select(r => r.Id), runs.Select(r => r.GetProperty("id").GetInt32()));
        var expected = Study.Points.ToDictionary(p => (p.RunId, p.Split, p.Name, p.Step));
        foreach (var run in runs)
        {
            var id = run.GetProperty("id").GetInt32();
            foreach (var series in run.GetProperty("series").EnumerateObject())
            {
                var (split, name) = (series.Name.Split('/')[0], series.Name.Split('/')[1]);
                var steps = series.Value.GetProperty("step").EnumerateArray().Select(s => s.GetInt64()).ToList();
                var values = series.Value.GetProperty("value").EnumerateArray().Select(v => v.GetDouble()).ToList();
                Assert.Equal(steps.Count, values.Count);
                for (var i = 0; i < steps.Count; i++)
                {
                    Assert.True(expected.Remove((id, split, name, steps[i]), out var point), $"unexpected or repeated point {id} {series.Name} {steps[i]}");
                    Assert.Equal(point.Value, values[i]);
                }
            }
        }

        Assert.Empty(expected);
    }

    [Fact]
    public async Task ReportHtml_ListsEveryRunInItsTableAndSpecs()
    {
        var html = await DownloadAsync($"/studies/{Study.Id}/report.html", "text/html");

        Assert.EndsWith("</body></html>\n", html, StringComparison.Ordinal);
        Assert.Contains($"{Study.Runs.Count} runs (120 succeeded)", html, StringComparison.Ordinal);
        var table = FinalMetricsTable().Match(html);
        Assert.True(table.Success, "the report has its final-metrics table");
        Assert.Equal(Study.Runs.Count, Regex.Count(table.Groups[1].Value, "<tr"));
        foreach (var (run, n) in Study.Runs.Select((r, i) => (r, i)))
        {
            Assert.Contains($"<h3>#{run.Id} ", html, StringComparison.Ordinal);
            Assert.Contains($"run-spec-{n}&quot;", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("yaml", "application/yaml")]
    [InlineData("json", "application/json")]
    public async Task StudySpecFile_ReadsBackAsTheStoredSpec(string extension, string mediaType)
    {
        var text = await DownloadAsync($"/studies/{Study.Id}/study.{extension}", mediaType);

        var spec = StudySpecFile.Parse(text, extension == "yaml" ? StudySpecFile.Format.Yaml : StudySpecFile.Format.Json);
        Assert.Equal("large bn x dropout", spec.Name);
        Assert.Equal(LargeStudy.Repeats, spec.Repeats);
        Assert.Equal(["bn", "dropout"], spec.Axes.Select(a => a.Name));
        Assert.Equal(2 * 2 * LargeStudy.Repeats, Study.Runs.Count);
    }

    private async Task<string> ShareAsync() => $"/share/{(await Host.Get<ShareLinkService>().CreateAsync(Study.Id, "test")).Token}";

    /// <summary>Downloads a file, asserting a whole 200 of the media type (its length when the server announced one).</summary>
    private async Task<string> DownloadAsync(string path, string mediaType)
    {
        using var http = Host.CreateClient();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentLength is { } length)
        {
            Assert.Equal(length, bytes.Length);
        }

        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    [GeneratedRegex("<table class=\"results\">.*?<tbody>(.*?)</tbody>", RegexOptions.Singleline)]
    private static partial Regex FinalMetricsTable();
}
