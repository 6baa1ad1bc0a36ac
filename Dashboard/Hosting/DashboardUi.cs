using Ablation.Dashboard.Components;
using MudBlazor;
using MudBlazor.Services;

namespace Ablation.Dashboard.Hosting;

public static class DashboardUi
{
    /// <summary>Razor components with the interactive server render mode.</summary>
    public static IServiceCollection AddDashboardUi(this IServiceCollection services)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents();
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
            options.SnackbarConfiguration.PreventDuplicates = false;
        });
        services.AddSingleton<Services.Results.ResultsCache>();
        services.AddScoped<Services.Live.CircuitConnection>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<Services.Live.CircuitConnection>());
        return services;
    }

    /// <summary>Maps the component tree rooted at <see cref="App"/>.</summary>
    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();
        return app;
    }
}
