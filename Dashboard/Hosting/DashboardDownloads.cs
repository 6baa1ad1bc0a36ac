using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Results;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Hosting;

public static class DashboardDownloads
{
    /// <summary>CSV downloads of a study's results table and of all its recorded points.</summary>
    public static WebApplication MapDashboardDownloads(this WebApplication app)
    {
        var studies = app.MapGroup("/studies/{id:int}").RequireAuthorization(AccessPolicy.Name);
        studies.MapGet("/results.csv", (int id, IDbContextFactory<AblationDb> db, HttpContext http) => TableCsvAsync(id, db, http));
        studies.MapGet("/points.csv", (int id, IDbContextFactory<AblationDb> db, HttpContext http) => PointsCsvAsync(id, db, http));
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

    /// <summary>Every recorded point of the study as CSV, streamed.</summary>
    internal static async Task<IResult> PointsCsvAsync(int id, IDbContextFactory<AblationDb> db, HttpContext http)
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
    }
}
