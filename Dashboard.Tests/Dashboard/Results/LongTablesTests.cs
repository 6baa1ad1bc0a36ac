using System.Text.RegularExpressions;
using Ablation.Dashboard.Components.Controls;
using Ablation.Dashboard.Data;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Tests.Dashboard.Results;

/// <summary>
/// A large study's results page shows the first <see cref="RowLimit.Default"/> rows of its tables,
/// the best row always among them, and says how many it left out; the server render stays light.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed partial class LongTablesTests : IDisposable
{
    private const int Runs = 70;
    private const int BestRun = 65; // past the first 50 in run order
    private readonly TempDataRoot _root = DashboardHost.NewRoot();
    private readonly DashboardHost _host;

    public LongTablesTests() => _host = new DashboardHost(_root);

    public void Dispose()
    {
        _host.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task PerRunTable_ShowsTheFirstFiftyAndTheBest_AndCountsTheRest()
    {
        var (study, runIds) = await SeedAsync(repeats: 1);
        using var client = _host.CreateClient();

        var html = await client.GetStringAsync($"/studies/{study}/results");

        var rows = PerRunRow().Matches(html).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal([.. runIds.Take(RowLimit.Default), runIds[BestRun - 1]], rows);
        Assert.Contains("Showing 51 of 70 runs", html);
        Assert.Contains("Show all 70", html);
    }

    [Fact]
    public async Task PerCellTable_ShowsTheFirstFiftyCellsAndTheBest()
    {
        var (study, _) = await SeedAsync(repeats: 2);
        using var client = _host.CreateClient();

        var html = await client.GetStringAsync($"/studies/{study}/results");

        var cells = CellRow().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(RowLimit.Default + 1, cells.Count);
        Assert.Equal($"lr={BestRun}", cells[^1]);
        Assert.Contains("Showing 51 of 70 cells", html);
    }

    /// <summary>One axis "lr" of 70 values, <paramref name="repeats"/> succeeded runs each; the cell lr=65 has the best test accuracy.</summary>
    private async Task<(int Study, List<int> RunIds)> SeedAsync(int repeats)
    {
        var values = string.Join(",", Enumerable.Range(1, Runs));
        var now = DateTimeOffset.UtcNow;
        var study = new Study
        {
            Name = "long tables", Dataset = "toy", GridMode = "Full", Repeats = repeats, CreatedAt = now, UpdatedAt = now,
            SpecJson = $$"""
                {"name":"long tables","description":"","base":{"data":{"dataset":"toy"},"model":{"family":"mlp"},"epochs":1,"seed":1},
                 "axes":[{"name":"lr","path":"optimizer.lr","values":[{{values}}]}],"mode":"Full","variants":[],"repeats":{{repeats}}}
                """,
        };
        for (var value = 1; value <= Runs; value++)
        {
            for (var repeat = 0; repeat < repeats; repeat++)
            {
                var accuracy = value == BestRun ? 0.95 : 0.5 + (value / 1000.0);
                study.Runs.Add(new Run
                {
                    Label = $"lr={value}", CellJson = $$"""{"lr":"{{value}}"}""", Repeat = repeat, Seed = 1 + repeat,
                    SpecJson = "{}", Status = RunStatus.Succeeded, Epochs = 1, EpochsDone = 1, QueuedAt = now, StartedAt = now, EndedAt = now,
                    FinalMetricsJson = $$"""{"test_accuracy":{{accuracy + (repeat / 10_000.0)}},"test_loss":0.5}""",
                });
            }
        }

        await using var db = await _host.Get<IDbContextFactory<AblationDb>>().CreateDbContextAsync();
        db.Studies.Add(study);
        await db.SaveChangesAsync();
        return (study.Id, study.Runs.Select(r => r.Id).ToList());
    }

    [GeneratedRegex("<tr class=\"[^\"]*\" data-run=\"(\\d+)\"")]
    private static partial Regex PerRunRow();

    [GeneratedRegex("<tr class=\"cell-row[^\"]*\" data-cell=\"([^\"]+)\"")]
    private static partial Regex CellRow();
}
