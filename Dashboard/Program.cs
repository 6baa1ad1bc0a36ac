using Ablation.Dashboard.Hosting;

// The dashboard, concern by concern. Each AddX/UseX lives in its own file under Hosting/.
var builder = WebApplication.CreateBuilder(RepoRoot.CreateOptions(args));

builder.AddDashboardDefaults();
builder.AddDashboardStorage();
builder.AddDashboardRuns();
builder.Services.AddDashboardLive();
builder.Services.AddDashboardDatasets();
builder.Services.AddDashboardUi();

var app = builder.Build();

await app.MigrateDashboardStorageAsync();
app.UseDashboardPipeline();
app.MapDashboardLive();
app.MapDashboardDownloads();
app.MapDashboardApi();
app.MapDashboardUi();

await app.RunAsync();

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
