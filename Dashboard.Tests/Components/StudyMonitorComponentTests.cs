using System.Text.RegularExpressions;
using Ablation.Dashboard.Components.Pages;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Ablation.Tests.Dashboard;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Tests.Components;

/// <summary>
/// The monitor page rendered by bUnit, no browser: the dashboard's own services (DashboardHost, on
/// its own SQLite file) behind bUnit's renderer, a study seeded in its database, updates published
/// on its bus as the supervisor publishes them. The charts' JS module is bUnit's, in loose mode,
/// so what the page asks the charts to draw is read off its invocations.
/// </summary>
public sealed class StudyMonitorComponentTests : DashboardComponentContext
{
    private BunitJSModuleInterop _charts = null!;
    private int _studyId;
    private (int Done, int Diverged) _runs;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_studyId, _runs) = await SeedAsync(Host);
        _charts = JSInterop.SetupModule("./js/charts.js");
        _charts.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Monitor_ShowsTheRunsTable_AndDrawsBothChartsFromTheSnapshot()
    {
        var page = Render<StudyMonitor>(p => p.Add(c => c.Id, _studyId));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.run-row").Count), Wait);
        Assert.Contains("2 runs on toy: 1 succeeded, 0 running, 0 queued", Regex.Replace(page.Find("p.counts").TextContent, @"\s+", " "));
        Assert.Equal(["succeeded", "diverged"], page.FindAll("tr.run-row").Select(r => r.GetAttribute("data-status")));
        Assert.Contains("0.8500", page.FindAll("tr.run-row")[0].TextContent); // its last validation accuracy
        Assert.Contains("loss NaN at step 7", page.Find("pre.error").TextContent);

        page.WaitForAssertion(() => Assert.Equal(2, _charts.Invocations["draw"].Count), Wait);
        var accuracy = _charts.Invocations["draw"].Select(i => Json(i.Arguments[1])).Single(t => t.Contains("\"x\":[1,2]"));
        Assert.Contains("0.85", accuracy);
        Assert.Contains("diverged", accuracy); // the diverged run's cross, drawn with its curve
    }

    [Fact]
    public void AnEpochPublishedOnTheBus_ReachesTheTable_AndIsAppendedToTheChart_Once()
    {
        var page = Render<StudyMonitor>(p => p.Add(c => c.Id, _studyId));
        page.WaitForAssertion(() => Assert.Equal(2, _charts.Invocations["draw"].Count), Wait);

        var bus = Host.Get<RunEventBus>();
        var point = new PointValue(30, 3, "val", "accuracy", 0.9123, 9);
        bus.Publish(new RunUpdate(_studyId, _runs.Done, "bn=on", RunStatus.Succeeded, 2, 2, null, [point], "epoch"));

        page.WaitForAssertion(() => Assert.Contains("0.9123", page.FindAll("tr.run-row")[0].TextContent), Wait);
        page.WaitForAssertion(() => Assert.Contains(_charts.Invocations["extend"], i => Json(i.Arguments[1]).Contains("0.9123")), Wait);

        // The same point again, beside a new batch loss, is not drawn twice: once the batch loss is
        // drawn, that pass is over, and it drew no accuracy.
        var extends = _charts.Invocations["extend"].Count;
        var batch = new PointValue(31, 3, "batch", "loss", 0.4321, 9);
        bus.Publish(new RunUpdate(_studyId, _runs.Done, "bn=on", RunStatus.Succeeded, 2, 2, null, [point, batch], "epoch"));
        page.WaitForAssertion(() => Assert.Contains(_charts.Invocations["extend"].Skip(extends), i => Json(i.Arguments[1]).Contains("0.4321")), Wait);
        Assert.DoesNotContain(_charts.Invocations["extend"].Skip(extends), i => Json(i.Arguments[1]).Contains("0.9123"));
    }

    private static string Json(object? value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static async Task<(int StudyId, (int Done, int Diverged) Runs)> SeedAsync(DashboardHost host)
    {
        await using var db = await host.Get<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        var study = new Study { Name = "monitor", Dataset = "toy", SpecJson = "{}", GridMode = "Full" };
        var done = NewRun("bn=on", RunStatus.Succeeded, 2);
        var diverged = NewRun("bn=off", RunStatus.Diverged, 1);
        diverged.Error = "diverged: loss NaN at step 7";
        study.Runs.AddRange([done, diverged]);
        db.Studies.Add(study);
        await db.SaveChangesAsync();
        db.Points.AddRange(
            Point(done, 10, 1, 0.80), Point(done, 20, 2, 0.85),
            Point(diverged, 10, 1, 0.40));
        await db.SaveChangesAsync();
        return (study.Id, (done.Id, diverged.Id));

        static Run NewRun(string label, RunStatus status, int epochsDone) => new()
        {
            Label = label, CellJson = "{}", Seed = 1, SpecJson = "{}", Status = status, Epochs = 2, EpochsDone = epochsDone, Parameters = 100,
        };

        static MetricPoint Point(Run run, long step, int epoch, double value) => new()
        {
            StudyId = run.StudyId, RunId = run.Id, Step = step, Epoch = epoch, Split = "val", Name = "accuracy", Value = value, Time = epoch,
        };
    }
}
