using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;

namespace Ablation.Tests.Dashboard.Results;

/// <summary>
/// A study at the grid limit's scale: a (10 values) × b (10 values) × 10 repeats = 1,000 runs of 50
/// epochs. Repeat 8 is still running (30 epochs of points, no final metrics), repeat 9 diverged
/// after 20 epochs with a flattering test accuracy of 0.99; the others succeeded with
/// test accuracy 0.5 + 0.01·a + 0.001·b + 0.0001·repeat.
/// </summary>
public sealed class ResultsScaleTests
{
    private const int Values = 10;
    private const int Repeats = 10;
    private const int Epochs = 50;

    private static double Accuracy(int a, int b, int repeat) => 0.5 + 0.01 * a + 0.001 * b + 0.0001 * repeat;

    private static StudyResults BigStudy()
    {
        var names = Enumerable.Range(0, Values).Select(i => i.ToString()).ToList();
        var runs = new List<RunResult>();
        var points = new List<RunPoint>();
        var id = 0;
        for (var a = 0; a < Values; a++)
        {
            for (var b = 0; b < Values; b++)
            {
                for (var repeat = 0; repeat < Repeats; repeat++)
                {
                    id++;
                    var (status, epochs) = repeat switch { 8 => (RunStatus.Running, 30), 9 => (RunStatus.Diverged, 20), _ => (RunStatus.Succeeded, Epochs) };
                    runs.Add(new RunResult
                    {
                        Id = id, Label = $"a={a}, b={b}", Cell = new Dictionary<string, string> { ["a"] = names[a], ["b"] = names[b] },
                        Repeat = repeat, Seed = 1 + repeat, Status = status, Epochs = Epochs, EpochsDone = epochs,
                        FinalMetrics = status == RunStatus.Succeeded
                            ? new Dictionary<string, double?> { ["test_accuracy"] = Accuracy(a, b, repeat), ["test_loss"] = 1 - Accuracy(a, b, repeat) }
                            : null,
                    });
                    for (var epoch = 1; epoch <= epochs; epoch++)
                    {
                        var step = epoch * 100L;
                        var test = status == RunStatus.Diverged ? 0.99 : epoch / 100.0;
                        points.Add(new RunPoint(id, step - 50, epoch, "batch", "loss", 1.0 / epoch, epoch));
                        foreach (var (split, name, value) in new[]
                        {
                            ("train", "loss", 1.0 / epoch), ("train", "accuracy", epoch / 100.0), ("val", "loss", 1.0 / epoch),
                            ("val", "accuracy", epoch / 100.0), ("test", "loss", 1.0 / epoch), ("test", "accuracy", test),
                        })
                        {
                            points.Add(new RunPoint(id, step, epoch, split, name, value, epoch));
                        }
                    }
                }
            }
        }

        return new StudyResults(1, "big", [new ResultAxis("a", "x.a", names), new ResultAxis("b", "x.b", names)], runs, points);
    }

    [Fact]
    public void AThousandRunsOfFiftyEpochs_BuildTheTableCorrectly()
    {
        var results = BigStudy();

        var table = ResultsTable.Build(results);

        Assert.Equal(1000, table.Rows.Count);
        Assert.Equal((100 * 8 * 50 + 100 * 30 + 100 * 20) * 7, results.PointCount);
        Assert.Equal(("a=9, b=9", 7), (table.BestRow!.Label, table.BestRow.Repeat));
        Assert.Equal(Accuracy(9, 9, 7), table.BestRow.TestAccuracy);

        var running = table.Rows.First(r => r.Status == RunStatus.Running);
        Assert.Equal((MetricsSource.LastEpochPoints, 30, 0.30), (running.Source, running.LastEpoch, running.TestAccuracy));
        Assert.Equal(50, results.SeriesFor(1, "val", "accuracy")!.Points.Count);
        Assert.Equal(49 * 100 + 50.0, results.SeriesFor(1, "batch", "loss")!.Points[^1].X);

        var sorted = table.Sort(ResultColumn.TestAccuracy, descending: true).Rows.Select(r => r.TestAccuracy!.Value).ToList();
        Assert.Equal(sorted.OrderByDescending(v => v), sorted);
        Assert.Equal(0.99, sorted[0]); // sorting shows the diverged runs' numbers; only "best" ignores them

        var groups = table.GroupBy("a");
        Assert.Equal(Enumerable.Range(0, Values).Select(i => i.ToString()), groups.Select(g => g.Value));
        Assert.All(groups, g => Assert.Equal((100, 80, 10), (g.Rows.Count, g.Succeeded, g.Failures)));

        Assert.Equal(1002, CsvExport.TableCsv(table).Split("\r\n").Length);
    }

    [Fact]
    public void AThousandRunsOfFiftyEpochs_BuildThePivotCorrectly()
    {
        var pivot = PivotTable.Build(BigStudy(), "a", "b", ResultMetrics.TestAccuracy);

        Assert.Equal((Values, Values), (pivot.Rows.Count, pivot.Columns.Count));
        for (var a = 0; a < Values; a++)
        {
            for (var b = 0; b < Values; b++)
            {
                var cell = pivot[a, b];
                Assert.Equal(Accuracy(a, b, 0) + 0.0001 * 3.5, cell.Mean!.Value, 12); // mean of repeats 0…7
                Assert.Equal((8, 1, 10), (cell.N, cell.Failures, cell.Runs));
            }
        }

        Assert.Equal(("9", "9"), (pivot.BestCell!.RowValue, pivot.BestCell.ColumnValue));
    }
}
