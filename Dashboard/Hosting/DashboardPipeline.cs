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
        // Chromium sends the system's light or dark scheme once asked (Components/Layout/ThemePreference),
        // so a page (not a static file) is rendered in it from the first byte; Critical-CH has the first visit asked again with it.
        app.Use((context, next) =>
        {
            context.Response.Headers["Accept-CH"] = Components.Layout.ThemePreference.Hint;
            context.Response.Headers["Critical-CH"] = Components.Layout.ThemePreference.Hint;
            context.Response.Headers.Append("Vary", Components.Layout.ThemePreference.Hint);
            return next(context);
        });
        app.UseDashboardRequestLimits();
        app.UseDashboardAccess();
        app.UseAntiforgery();
        return app;
    }
}
