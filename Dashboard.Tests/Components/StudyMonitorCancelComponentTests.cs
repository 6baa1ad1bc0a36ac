using System.Text.Json.Nodes;
using Ablation.Dashboard.Components.Pages;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Dashboard;
using Ablation.Tests.Data;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Ablation.Tests.Components;

/// <summary>
/// Cancelling a study from the monitor, with bUnit over a dashboard whose worker (a script) starts
/// and then stays silent, so a run stays running and the rest queued until canceled: the monitor
/// asks first and names what is lost; kept, nothing is canceled; confirmed, every unfinished run is,
/// and a snackbar says so.
/// </summary>
public sealed class StudyMonitorCancelComponentTests : DashboardComponentContext
{
    private readonly TempDataRoot _scripts = new();
    private readonly string _silentWorker;

    public StudyMonitorCancelComponentTests()
    {
        _silentWorker = FakeWorkers.Write(_scripts, """
            echo '{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":5,"resumed_from_epoch":0}'
            exec sleep 600
            """);
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Scheduler:WorkerPath"] = _silentWorker };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        JSInterop.SetupModule("./js/charts.js").Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public async Task CancelStudy_AsksFirst_KeptCancelsNothing_ConfirmedCancelsEveryUnfinishedRun()
    {
        var studyId = await Host.Get<StudyService>().CreateAsync(new StudySpec
        {
            Name = "to cancel",
            Base = JsonNode.Parse("""{ "data": { "dataset": "toy" }, "model": { "family": "mlp", "hidden_sizes": [4] }, "epochs": 5 }""")!.AsObject(),
            Axes = [new Axis("lr", "optimizer.lr", [JsonValue.Create(0.01), JsonValue.Create(0.1)])],
            Repeats = 1,
        });
        await Host.WaitForRunsAsync(studyId, rs => rs.Count(r => r.Status == RunStatus.Running) == 1 && rs.Count(r => r.Status == RunStatus.Queued) == 1);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<StudyMonitor>(p => p.Add(c => c.Id, studyId));
        page.WaitForAssertion(() => Assert.Contains("running", page.FindAll("tr.run-row").Select(r => r.GetAttribute("data-status"))), Wait);

        // Kept: the question names what would be lost, and nothing is canceled.
        var canceling = page.Find("#cancel-study").ClickAsync(new());
        var question = await ChooseAsync(dialogs, "Keep training");
        await canceling;
        Assert.Contains("1 running run(s) stop now", question);
        Assert.Contains("1 queued run(s) will not start", question);
        Assert.DoesNotContain(await Host.RunsAsync(studyId), r => r.Status == RunStatus.Canceled);
        Assert.DoesNotContain(Snackbars.ShownSnackbars, s => (s.Message ?? "").Contains("canceled", StringComparison.Ordinal));

        // Confirmed: every unfinished run ends canceled, the table shows it, and a snackbar tells it.
        canceling = page.Find("#cancel-study").ClickAsync(new());
        await ChooseAsync(dialogs, "Cancel study");
        await canceling;
        await Host.WaitForRunsAsync(studyId, rs => rs.All(r => r.Status == RunStatus.Canceled));
        page.WaitForAssertion(() => Assert.All(page.FindAll("tr.run-row"), r => Assert.Equal("canceled", r.GetAttribute("data-status"))), Wait);
        Assert.Contains(Snackbars.ShownSnackbars, s => s.Message == "Study \"to cancel\" canceled.");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#cancel-study")), Wait);
    }


    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _scripts.Dispose();
        }
    }
}
