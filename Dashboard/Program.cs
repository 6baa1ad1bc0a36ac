using Ablation.Dashboard.Hosting;

// `./ablate user …` manages users and API tokens on the same database, without starting the dashboard.
if (UserCommand.Matches(args))
{
    return await UserCommand.RunAsync(args);
}

// The dashboard, concern by concern. Each AddX/UseX lives in its own file under Hosting/.
var builder = WebApplication.CreateBuilder(RepoRoot.CreateOptions(args));

builder.AddDashboardDefaults();
builder.AddDashboardRequestOrigins();
builder.AddDashboardStorage();
builder.AddDashboardAccess();
builder.AddDashboardRuns();
builder.Services.AddDashboardLive();
builder.Services.AddDashboardDatasets();
builder.Services.AddDashboardUi();

var app = builder.Build();

await app.MigrateDashboardStorageAsync();
if (await app.PrepareDashboardAccessAsync() is { } refusal)
{
    // One line, no stack trace: what is wrong and how to fix it.
    Console.Error.WriteLine($"ablate: {refusal}");
    return 1;
}

app.UseDashboardPipeline();
app.MapDashboardLive();
app.MapDashboardSignIn();
app.MapDashboardDownloads();
app.MapDashboardSharing();
app.MapDashboardApi();
app.MapDashboardUi();

try
{
    await app.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException invalid)
{
    // A setting checked at start-up (ValidateOnStart): one line naming the keys, no stack trace.
    Console.Error.WriteLine($"ablate: {string.Join("; ", invalid.Failures)}");
    return 1;
}

return 0;

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
