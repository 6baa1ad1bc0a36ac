using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Reports;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Hosting;

public static class DashboardDownloads
{
    /// <summary>A study's results table (CSV, per run and per cell), all its recorded points (CSV, JSON), its offline HTML report, and its spec as YAML or JSON.</summary>
    public static WebApplication MapDashboardDownloads(this WebApplication app)
    {
        var studies = app.MapGroup("/studies/{id:int}").RequireAuthorization(AccessPolicy.Name);
        studies.MapGet("/results.csv", (int id, IDbContextFactory<AblationDb> db, HttpContext http) => TableCsvAsync(id, db, http));
        studies.MapGet("/points.csv", (int id, IDbContextFactory<AblationDb> db, HttpContext http) => PointsCsvAsync(id, db, http));
        studies.MapGet("/cells.csv", async (int id, IDbContextFactory<AblationDb> db, HttpContext http) =>
            await ResultsLoader.LoadAsync(db, id, withBatch: false, http.RequestAborted) is { } results
                ? Results.Text(CsvExport.CellsCsv(CellTable.Build(ResultsTable.Build(results))), "text/csv; charset=utf-8")
                : Results.NotFound());
        studies.MapGet("/points.json", async (int id, IDbContextFactory<AblationDb> db, HttpContext http) =>
        {
            if (await ResultsLoader.LoadAsync(db, id, withBatch: true, http.RequestAborted) is not { } results)
            {
                return Results.NotFound();
            }

            http.Response.Headers.ContentDisposition = $"attachment; filename=\"study-{id}-points.json\"";
            return Results.Text(PointsJson.Of(results).ToJsonString(), "application/json; charset=utf-8");
        });
        studies.MapGet("/report.html", async (int id, IDbContextFactory<AblationDb> dbFactory, StudyService service, IWebHostEnvironment env, HttpContext http) =>
        {
            var cancel = http.RequestAborted;
            if (await ResultsLoader.LoadAsync(dbFactory, id, withBatch: false, cancel) is not { } results || await service.LoadSpecAsync(id, cancel) is not { } spec)
            {
                return Results.NotFound();
            }

            var plotly = env.WebRootFileProvider.GetFileInfo("lib/plotly/plotly.min.js");
            if (!plotly.Exists)
            {
                return Results.Problem("plotly.js is missing from wwwroot/lib (the build restores it from npm): the report cannot embed it", statusCode: 500);
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancel);
            var runSpecs = await db.Runs.Where(r => r.StudyId == id).ToDictionaryAsync(r => r.Id, r => r.SpecJson, cancel);
            using var reader = new StreamReader(plotly.CreateReadStream());
            var html = StudyReport.Build(results, spec, runSpecs, await reader.ReadToEndAsync(cancel), DateTimeOffset.UtcNow);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"study-{id}-report.html\"";
            return Results.Text(html, "text/html; charset=utf-8");
        });
        foreach (var format in Enum.GetValues<StudySpecFile.Format>())
        {
            var extension = format.ToString().ToLowerInvariant();
            studies.MapGet($"/study.{extension}", async (int id, StudyService service, HttpContext http) =>
            {
                if (await service.LoadSpecAsync(id, http.RequestAborted) is not { } spec)
                {
                    return Results.NotFound();
                }

                http.Response.Headers.ContentDisposition = $"attachment; filename=\"study-{id}.{extension}\"";
                return format == StudySpecFile.Format.Yaml
                    ? Results.Text(StudySpecFile.ToYaml(spec), "application/yaml; charset=utf-8")
                    : Results.Text(StudySpecFile.ToJson(spec), "application/json; charset=utf-8");
            });
        }

        return app;
    }

    /// <summary>The study's results table as CSV; also served to share links (DashboardSharing).</summary>
    internal static async Task<IResult> TableCsvAsync(int id, IDbContextFactory<AblationDb> db, HttpContext http)
    {
        if (await ResultsLoader.LoadAsync(db, id, withBatch: false, http.RequestAborted) is not { } results)
        {
            return Results.NotFound();
        }

        return Results.Text(CsvExport.TableCsv(ResultsTable.Build(results)), "text/csv; charset=utf-8");
    }

    /// <summary>Every recorded point of the study as CSV, streamed; all of it is loaded before the first byte (<see cref="StreamedDownload"/>).</summary>
    internal static async Task<IResult> PointsCsvAsync(int id, IDbContextFactory<AblationDb> db, HttpContext http)
    {
        if (await ResultsLoader.LoadAsync(db, id, withBatch: true, http.RequestAborted) is not { } results)
        {
            return Results.NotFound();
        }

        return await StreamedDownload.WriteAsync(http, "text/csv; charset=utf-8", $"study-{id}-points.csv",
            (writer, cancel) => CsvExport.WritePointsAsync(writer, results, cancel));
    }
}
