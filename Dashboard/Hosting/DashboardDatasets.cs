using Ablation.Dashboard.Services.Datasets;
using Ablation.Dashboard.Services.Runs;
using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Hosting;

public static class DashboardDatasets
{
    /// <summary>
    /// The Datasets page's directory of sets, over the same data root the workers get, and the reader
    /// behind it and the grid check: image folders are read by the same worker executable the runs use.
    /// </summary>
    public static IServiceCollection AddDashboardDatasets(this IServiceCollection services)
    {
        services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatasetOptions>, DatasetOptionsValidator>();
        services.AddSingleton(sp => new DatasetReader(
            sp.GetRequiredService<IOptions<SchedulerOptions>>().Value.ResolvedWorkerPath,
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<DatasetOptions>>().Value.InspectTimeoutSeconds)));
        services.AddSingleton(sp => new DatasetDirectory(sp.GetRequiredService<RunStorage>().DataRoot, reader: sp.GetRequiredService<DatasetReader>()));
        return services;
    }
}
