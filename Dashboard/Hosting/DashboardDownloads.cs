using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Hosting;

public static class DashboardDownloads
{
    /// <summary>CSV downloads of a study's results table (per run and per cell) and of all its recorded points.</summary>
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
        studies.MapGet("/cells.csv", async (int id, IDbContextFactory<AblationDb> db, HttpContext http) =>
            await ResultsLoader.LoadAsync(db, id, withBatch: false, http.RequestAborted) is { } results
                ? Results.Text(CsvExport.CellsCsv(CellTable.Build(ResultsTable.Build(results))), "text/csv; charset=utf-8")
                : Results.NotFound());
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
        return app;
    }
}
