namespace Ablation.Dashboard.Hosting;

public static class DashboardPipeline
{
    /// <summary>Known hosts and same-origin changes (RequestOrigins), error handling, static files from the repository's wwwroot/, request body limits (DashboardRequestLimits), access (DashboardAccess), antiforgery.</summary>
    public static WebApplication UseDashboardPipeline(this WebApplication app)
    {
        // First: a request for another host, or a change sent from another site, gets no further.
        app.UseDashboardRequestOrigins();
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
