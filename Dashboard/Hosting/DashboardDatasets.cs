using Ablation.Dashboard.Services.Datasets;
using Ablation.Dashboard.Services.Runs;

namespace Ablation.Dashboard.Hosting;

public static class DashboardDatasets
{
    /// <summary>The Datasets page's directory of sets, over the same data root the workers get.</summary>
    public static IServiceCollection AddDashboardDatasets(this IServiceCollection services)
    {
        services.AddSingleton(sp => new DatasetDirectory(sp.GetRequiredService<RunStorage>().DataRoot));
        return services;
    }
}
