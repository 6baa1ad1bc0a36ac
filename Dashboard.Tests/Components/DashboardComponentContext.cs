using Ablation.Dashboard.Services.Access;
using Ablation.Tests.Dashboard;
using Ablation.Tests.Data;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Ablation.Tests.Components;

/// <summary>
/// bUnit over the dashboard's own services: a <see cref="DashboardHost"/> on its own SQLite file
/// and folders supplies every service bUnit's container lacks (one scope, as one circuit), the
/// renderer says it is a circuit's (interactive server), JS interop is loose, and access is decided
/// on bUnit's authentication state (<see cref="Authorization"/>) by the host's own policy.
/// </summary>
public abstract class DashboardComponentContext : BunitContext, IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TempDataRoot _root = DashboardHost.NewRoot();
    // Async: the host's scope holds MudBlazor's services, some of which only dispose asynchronously.
    private AsyncServiceScope? _scope;

    private protected DashboardHost Host { get; private set; } = null!;

    protected BunitAuthorizationContext Authorization { get; private set; } = null!;

    /// <summary>Configuration the host starts with (keys as in appsettings.json).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public virtual Task InitializeAsync()
    {
        Host = new DashboardHost(_root, settings: Settings);
        _scope = Host.Services.CreateAsyncScope();
        Services.AddFallbackServiceProvider(_scope.Value.ServiceProvider);
        // MudBlazor's services in bUnit's own container, so that they call bUnit's JS runtime, not the host's (a circuit's, which has no browser here), and bUnit's NavigationManager.
        Services.AddMudServices();
        Authorization = AddAuthorization();
        // On bUnit's authentication state, not the host's (whose circuit state nothing sets here).
        Services.AddScoped(sp => new CircuitAccess(sp.GetRequiredService<AuthenticationStateProvider>(), Host.Get<AccessPolicy>()));
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // a circuit's, as in the browser
        JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    /// <summary>The snackbars the component showed.</summary>
    protected ISnackbar Snackbars => Services.GetRequiredService<ISnackbar>();

    /// <summary>Waits for the open message box, clicks its button named <paramref name="button"/>, and returns what it asked.</summary>
    protected static async Task<string> ChooseAsync(IRenderedComponent<MudDialogProvider> dialogs, string button)
    {
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll(".mud-dialog")), Wait);
        var text = dialogs.Find(".mud-dialog").TextContent;
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == button).ClickAsync(new());
        return text;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_scope is { } scope)
        {
            await scope.DisposeAsync();
        }

        await Host.DisposeAsync();
        _root.Dispose();
    }
}
