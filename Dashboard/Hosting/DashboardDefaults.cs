namespace Ablation.Dashboard.Hosting;

public static class DashboardDefaults
{
    /// <summary>The address used when neither --urls, ASPNETCORE_URLS nor "Urls" in appsettings.json says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Binds to loopback by default; --urls (or "Urls" in appsettings.json) overrides.</summary>
    public static WebApplicationBuilder AddDashboardDefaults(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Package assets (_content/MudBlazor/…) come from the build's static web assets manifest;
        // serve them in every environment, not only Development (a no-op where there is none).
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }
}
