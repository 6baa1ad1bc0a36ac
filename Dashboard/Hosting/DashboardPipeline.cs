namespace Ablation.Dashboard.Hosting;

public static class DashboardPipeline
{
    /// <summary>Error handling, static files from the repository's wwwroot/, request body limits (DashboardRequestLimits), access (DashboardAccess), antiforgery.</summary>
    public static WebApplication UseDashboardPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStaticFiles();
        app.UseDashboardRequestLimits();
        app.UseDashboardAccess();
        app.UseAntiforgery();
        return app;
    }
}
