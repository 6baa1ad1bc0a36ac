using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Datasets;
using Ablation.Dashboard.Services.Runs;
using Ablation.Dashboard.Services.Studies;
using Ablation.Training.Worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ablation.Dashboard.Hosting;

public static class DashboardRuns
{
    /// <summary>The run queue, the worker supervisors, the in-process event bus, the study service, repeats and retries.</summary>
    public static WebApplicationBuilder AddDashboardRuns(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        // The worker's own section: the device and threads every worker is started with.
        services.AddOptions<WorkerSettings>().BindConfiguration(WorkerSettings.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WorkerSettings>, WorkerSettingsValidator>();

        // The same "Training" section the worker reads; the dashboard passes the data root to every
        // worker it starts, so both always agree.
        var root = builder.Environment.ContentRootPath;
        var dataRoot = Path.GetFullPath(builder.Configuration["Training:DataRoot"] ?? "data", root);
        var runsRoot = Path.GetFullPath(builder.Configuration["Training:RunsRoot"] ?? "runs", root);
        services.AddSingleton(new RunStorage(root, dataRoot, runsRoot));
        services.AddSingleton(sp => new StudyValidator(dataRoot, sp.GetRequiredService<DatasetReader>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RunEventBus>();
        services.AddSingleton<RunSupervisor>();
        services.AddSingleton<RunScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<RunScheduler>());
        services.AddSingleton<StudyService>();
        services.AddSingleton<StudyRepeats>();
        services.AddSingleton<RunRetries>();
        services.AddSingleton<StudyQueries>();
        return builder;
    }
}
