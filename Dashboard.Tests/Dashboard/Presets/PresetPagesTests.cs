using System.Net;
using Ablation.Tests.Data;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard.Presets;

/// <summary>The Presets page and the editor opened on a preset, rendered by the dashboard in-process.</summary>
[Collection(TorchCollection.Name)]
public sealed class PresetPagesTests : IDisposable
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();
    private readonly DashboardHost _host;

    public PresetPagesTests() => _host = new DashboardHost(_root);

    public void Dispose()
    {
        _host.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task PresetsPage_ListsEveryPreset_OffersTheStandInForAMissingSet()
    {
        using var client = _host.CreateClient();

        var body = await client.GetStringAsync("/presets");

        foreach (var id in new[] { "a", "b", "b-sweeps", "c-boston", "c-mnist-cnn", "d", "e" })
        {
            Assert.Contains($"data-preset=\"{id}\"", body, StringComparison.Ordinal);
        }

        // The temp data root has no CIFAR-10: the page says so and offers Fashion-MNIST instead.
        Assert.Contains("cifar-10-batches-bin", body, StringComparison.Ordinal);
        Assert.Contains("studies/new?preset=a&amp;scale=quick&amp;standin=1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editor_OpensOnAPreset_WithItsQuickVersionOnTheStandIn()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/studies/new?preset=b&scale=quick&standin=1");
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("New study from a preset", body, StringComparison.Ordinal);
        Assert.Contains("B · MNIST: MLP activation × loss (quick) on fashion-mnist", body, StringComparison.Ordinal);
        Assert.Contains("euclidean, cross_entropy, hinge", body, StringComparison.Ordinal);
    }
}
