using System.Globalization;
using Ablation.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Tests.Dashboard.Hosting;

/// <summary>
/// A finished study written straight into a dashboard's database: bn {on, off} × dropout {0, 0.3}
/// with <see cref="Repeats"/> seeds per cell, so 120 runs, each with three epochs of train, val and
/// test points and ten batch points, every value distinct so a download can be checked row by row.
/// </summary>
internal sealed record LargeStudy(int Id, IReadOnlyList<Run> Runs, IReadOnlyList<MetricPoint> Points)
{
    public const int Repeats = 30;
    public const int Epochs = 3;
    public const int BatchPointsPerRun = 10;

    public const string SpecJson = """
        {"name":"large bn x dropout","description":"","base":{"data":{"dataset":"toy"},"model":{"family":"mlp","batch_norm":true,"dropout":0},"epochs":3,"seed":1},
         "axes":[{"name":"bn","path":"model.batch_norm","values":[true,false]},{"name":"dropout","path":"model.dropout","values":[0,0.3]}],
         "mode":"Full","variants":[],"repeats":30}
        """;

    public static async Task<LargeStudy> WriteAsync(IDbContextFactory<AblationDb> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var study = new Study
        {
            Name = "large bn x dropout", Dataset = "toy", SpecJson = SpecJson, GridMode = "Full", Repeats = Repeats,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        foreach (var (bn, dropout) in new[] { ("on", "0"), ("on", "0.3"), ("off", "0"), ("off", "0.3") })
        {
            for (var repeat = 0; repeat < Repeats; repeat++)
            {
                var n = study.Runs.Count;
                study.Runs.Add(new Run
                {
                    Label = $"bn={bn}, dropout={dropout}",
                    CellJson = $$"""{"bn":"{{bn}}","dropout":"{{dropout}}"}""",
                    Repeat = repeat,
                    Seed = 1 + repeat,
                    SpecJson = $$"""{"marker":"run-spec-{{n}}"}""",
                    Status = RunStatus.Succeeded,
                    Parameters = 1000 + n,
                    Epochs = Epochs,
                    EpochsDone = Epochs,
                    QueuedAt = DateTimeOffset.UtcNow,
                    FinalMetricsJson = string.Create(CultureInfo.InvariantCulture,
                        $$"""{"test_accuracy":{{Accuracy(n)}},"test_loss":{{1 - Accuracy(n)}},"val_accuracy":{{Accuracy(n)}},"parameters":{{1000 + n}},"epochs_completed":3}"""),
                });
            }
        }

        db.Studies.Add(study);
        await db.SaveChangesAsync();

        var points = new List<MetricPoint>();
        foreach (var (run, n) in study.Runs.Select((r, i) => (r, i)))
        {
            for (var batch = 1; batch <= BatchPointsPerRun; batch++)
            {
                points.Add(Point(run, batch * 10, (batch - 1) * Epochs / BatchPointsPerRun + 1, "batch", "loss", 2.0 / batch + n * 1e-4));
            }

            for (var epoch = 1; epoch <= Epochs; epoch++)
            {
                foreach (var (split, index) in new[] { ("train", 0), ("val", 1), ("test", 2) })
                {
                    points.Add(Point(run, epoch * 100, epoch, split, "loss", 1.0 / epoch + n * 1e-4 + index * 1e-6));
                    points.Add(Point(run, epoch * 100, epoch, split, "accuracy", epoch * 0.25 + n * 1e-4 + index * 1e-6));
                }
            }
        }

        db.Points.AddRange(points);
        await db.SaveChangesAsync();
        return new LargeStudy(study.Id, study.Runs, points);
    }

    /// <summary>The n-th run's test accuracy.</summary>
    public static double Accuracy(int n) => 0.5 + n * 0.001;

    private static MetricPoint Point(Run run, long step, int epoch, string split, string name, double value) =>
        new() { StudyId = run.StudyId, RunId = run.Id, Step = step, Epoch = epoch, Split = split, Name = name, Value = value, Time = step / 7.0 };
}
