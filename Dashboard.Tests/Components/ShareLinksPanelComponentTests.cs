using Ablation.Dashboard.Components.Access;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Sharing;
using Ablation.Tests.Dashboard;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Ablation.Tests.Components;

/// <summary>
/// The monitor's share panel with bUnit on a dashboard that needs a login (Dashboard:RequireLogin
/// always): a signed-in user creates a link (shown whole, with its creator), which opens the study,
/// and revokes it, after which it opens nothing; a visitor who is not signed in is refused in the
/// panel and creates nothing, whatever the button offered. Revoking asks first (a MudBlazor message
/// box in the dialog provider): kept, the link stays valid; confirmed, it is revoked; each outcome
/// is told in a snackbar.
/// </summary>
public sealed class ShareLinksPanelComponentTests : DashboardComponentContext
{
    private int _studyId;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Dashboard:RequireLogin"] = "always" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await Host.Get<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        var study = new Study { Name = "shared", Dataset = "toy", SpecJson = "{}", GridMode = "Full" };
        db.Studies.Add(study);
        await db.SaveChangesAsync();
        _studyId = study.Id;
    }

    [Fact]
    public async Task ASignedInUser_CreatesALinkThatOpensTheStudy_AndRevokesIt()
    {
        Authorization.SetAuthorized("ada");
        var panel = Render<ShareLinksPanel>(p => p.Add(c => c.StudyId, _studyId));
        Assert.Empty(panel.FindAll("tr.share-row"));

        await panel.Find("#create-share").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("tr.share-row")), Wait);
        var row = panel.Find("tr.share-row");
        Assert.Equal("live", row.GetAttribute("data-state"));
        Assert.Contains("ada", row.TextContent);
        var url = panel.Find("input.share-url").GetAttribute("value")!;
        Assert.StartsWith("http://localhost/share/", url);
        var token = url["http://localhost/share/".Length..];
        var links = Host.Get<ShareLinkService>();
        Assert.Equal(_studyId, (await links.ResolveAsync(token))?.StudyId);

        Assert.Contains(Snackbars.ShownSnackbars, s => s.Message == "Read-only link created and copied.");

        // Asked first; kept, it still opens the study.
        var dialogs = Render<MudDialogProvider>();
        var revoking = panel.Find(".revoke-share").ClickAsync(new());
        await ChooseAsync(dialogs, "Keep it");
        await revoking;
        Assert.Equal("live", panel.Find("tr.share-row").GetAttribute("data-state"));
        Assert.Equal(_studyId, (await links.ResolveAsync(token))?.StudyId);
        Assert.DoesNotContain(Snackbars.ShownSnackbars, s => (s.Message ?? "").Contains("revoked", StringComparison.Ordinal));

        // Confirmed, it is revoked.
        revoking = panel.Find(".revoke-share").ClickAsync(new());
        var question = await ChooseAsync(dialogs, "Revoke");
        Assert.Contains("loses this study's results at once", question);
        await revoking;

        panel.WaitForAssertion(() => Assert.Equal("revoked", panel.Find("tr.share-row").GetAttribute("data-state")), Wait);
        Assert.Empty(panel.FindAll("input.share-url")); // a revoked link is not shown again
        Assert.Null(await links.ResolveAsync(token));
        Assert.Contains(Snackbars.ShownSnackbars, s => s.Message == "Link revoked: it opens nothing now." && s.Severity == Severity.Info);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")), Wait);
    }


    [Fact]
    public async Task AVisitorNotSignedIn_IsRefusedInThePanel_AndNoLinkIsMade()
    {
        Authorization.SetNotAuthorized();
        var panel = Render<ShareLinksPanel>(p => p.Add(c => c.StudyId, _studyId));

        await panel.Find("#create-share").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Contains(CircuitAccess.Refusal, panel.Markup), Wait);
        Assert.Empty(panel.FindAll("tr.share-row"));
        Assert.Empty(await Host.Get<ShareLinkService>().ListAsync(_studyId));
        Assert.Contains(Snackbars.ShownSnackbars, s => s.Message == CircuitAccess.Refusal && s.Severity == Severity.Error);
    }
}
