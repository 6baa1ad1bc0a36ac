using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Bench.Analysis;

/// <summary>
/// A finished study built in memory (no database): a full grid bn (2) × dropout (5) × lr (4) ×
/// activation (5) = 200 cells, <c>runs / 200</c> repeats each, every run with train and validation
/// loss and accuracy at every epoch and final metrics. The values are synthetic (a saturating
/// curve, an effect per axis, seeded noise, about 1% of runs diverged); the cost of the statistics
/// depends on how many runs, cells and points there are, not on the values.
/// </summary>
internal static class SyntheticStudy
{
    private static readonly ResultAxis[] _axes =
    [
        new("bn", "model.batch_norm", ["on", "off"]),
        new("dropout", "model.dropout", ["0", "0.1", "0.2", "0.3", "0.5"]),
        new("lr", "optimizer.lr", ["0.1", "0.01", "0.001", "0.0001"]),
        new("activation", "model.activation", ["relu", "gelu", "sigmoid", "tanh", "leaky_relu"]),
    ];

    public static int Cells => _axes.Aggregate(1, (n, a) => n * a.Values.Count);

    public static StudyResults Build(int runCount, int epochs, int seed)
    {
        var random = new Random(seed);
        var repeats = Math.Max(1, runCount / Cells);
        var runs = new List<RunResult>(runCount);
        var points = new List<RunPoint>(runCount * epochs * 4);
        var id = 1;
        foreach (var cell in Combinations())
        {
            var effect = (cell["bn"] == "on" ? 0.03 : 0) - (0.02 * Array.IndexOf(_axes[1].Values.ToArray(), cell["dropout"]) / 4.0)
                - (cell["lr"] == "0.0001" ? 0.05 : 0) - (cell["activation"] == "sigmoid" ? 0.02 : 0);
            for (var r = 0; r < repeats && id <= runCount; r++, id++)
            {
                var diverged = random.NextDouble() < 0.01;
                var done = diverged ? random.Next(1, epochs) : epochs;
                double accuracy = 0;
                for (var e = 1; e <= done; e++)
                {
                    accuracy = (0.85 + effect) * (1 - Math.Exp(-e / 8.0)) + (0.01 * Noise(random));
                    var loss = 1.6 * Math.Exp(-e / 10.0) + 0.3 + (0.02 * Noise(random));
                    points.Add(new RunPoint(id, e * 400, e, "train", "loss", loss * 0.9, e));
                    points.Add(new RunPoint(id, e * 400, e, "train", "accuracy", accuracy + 0.02, e));
                    points.Add(new RunPoint(id, e * 400, e, "val", "loss", loss, e));
                    points.Add(new RunPoint(id, e * 400, e, "val", "accuracy", accuracy, e));
                }

                runs.Add(new RunResult
                {
                    Id = id,
                    Label = string.Join(", ", cell.Select(kv => $"{kv.Key}={kv.Value}")),
                    Cell = cell,
                    Repeat = r,
                    Seed = r + 1,
                    Status = diverged ? RunStatus.Diverged : RunStatus.Succeeded,
                    Epochs = epochs,
                    EpochsDone = done,
                    FinalMetrics = diverged ? null : new Dictionary<string, double?>
                    {
                        [ResultMetrics.TestAccuracy] = accuracy - 0.005,
                        [ResultMetrics.TestAccuracyAtBestVal] = accuracy,
                        [ResultMetrics.TestLoss] = 0.35 + (0.01 * Noise(random)),
                        [ResultMetrics.BestValAccuracy] = accuracy + 0.003,
                    },
                });
            }
        }

        return new StudyResults(1, "synthetic", _axes, runs, points) { Mode = GridMode.Full };
    }

    private static IEnumerable<Dictionary<string, string>> Combinations()
    {
        IEnumerable<Dictionary<string, string>> cells = [[]];
        foreach (var axis in _axes)
        {
            cells = cells.SelectMany(c => axis.Values.Select(v => new Dictionary<string, string>(c) { [axis.Name] = v }));
        }

        return cells;
    }

    // A standard normal draw (Box–Muller).
    private static double Noise(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
