using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Hosting;

public static class DashboardDownloads
{
    /// <summary>CSV downloads of a study's results table and of all its recorded points; its spec as YAML or JSON.</summary>
    public static WebApplication MapDashboardDownloads(this WebApplication app)
    {
        var studies = app.MapGroup("/studies/{id:int}");
        studies.MapGet("/results.csv", async (int id, IDbContextFactory<AblationDb> db, HttpContext http) =>
        {
            if (await ResultsLoader.LoadAsync(db, id, withBatch: false, http.RequestAborted) is not { } results)
            {
                return Results.NotFound();
            }

            return Results.Text(CsvExport.TableCsv(ResultsTable.Build(results)), "text/csv; charset=utf-8");
        });
        studies.MapGet("/points.csv", async (int id, IDbContextFactory<AblationDb> db, HttpContext http) =>
        {
            if (await ResultsLoader.LoadAsync(db, id, withBatch: true, http.RequestAborted) is not { } results)
            {
                return Results.NotFound();
            }

            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"study-{id}-points.csv\"";
            await using var writer = new StreamWriter(http.Response.Body);
            CsvExport.WritePoints(writer, results);
            return Results.Empty;
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
}
