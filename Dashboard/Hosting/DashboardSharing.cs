using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Sharing;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// The downloads a share link may reach: its own study's results table and points as CSV, at
/// <c>/share/{token}/…</c>. The token alone names the study, so no id in the address can be changed
/// to reach another; an unknown or revoked token is 404.
/// </summary>
public static class DashboardSharing
{
    public static WebApplication MapDashboardSharing(this WebApplication app)
    {
        var share = app.MapGroup("/share/{token}");
        share.MapGet("/results.csv", async (string token, ShareLinkService links, IDbContextFactory<AblationDb> db, HttpContext http) =>
            await links.ResolveAsync(token, http.RequestAborted) is { } link ? await DashboardDownloads.TableCsvAsync(link.StudyId, db, http) : Results.NotFound());
        share.MapGet("/points.csv", async (string token, ShareLinkService links, IDbContextFactory<AblationDb> db, HttpContext http) =>
            await links.ResolveAsync(token, http.RequestAborted) is { } link ? await DashboardDownloads.PointsCsvAsync(link.StudyId, db, http) : Results.NotFound());
        return app;
    }
}
