using Ablation.Dashboard.Hubs;

namespace Ablation.Dashboard.Hosting;

public static class DashboardLive
{
    /// <summary>SignalR for external clients, fed from the in-process run event bus.</summary>
    public static IServiceCollection AddDashboardLive(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddHostedService<RunsHubRelay>();
        services.AddSingleton<ShareFollowers>();
        return services;
    }

    public static WebApplication MapDashboardLive(this WebApplication app)
    {
        app.MapHub<RunsHub>(RunsHub.Path);
        return app;
    }
}
