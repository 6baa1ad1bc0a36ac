using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Tests.Dashboard.Analysis;

/// <summary>Small studies built in memory (no database) for the statistics tests.</summary>
internal static class AnalysisStudies
{
    public static readonly ResultAxis Bn = new("bn", "model.batch_norm", ["on", "off"]);
    public static readonly ResultAxis Dropout = new("dropout", "model.dropout", ["0", "0.3"]);

    /// <summary>The base spec of the grids: BatchNorm on, no dropout.</summary>
    public static JsonObject BaseSpec() => new() { ["model"] = new JsonObject { ["batch_norm"] = true, ["dropout"] = 0 } };

    /// <summary>Test accuracies of the 2×2 grid, five repeats per cell (also pasted into the Python that computed the references).</summary>
    public static readonly Dictionary<(string Bn, string Dropout), double[]> GridValues = new()
    {
        [("on", "0")] = [0.861, 0.855, 0.868, 0.859, 0.864],
        [("on", "0.3")] = [0.850, 0.846, 0.857, 0.842, 0.853],
        [("off", "0")] = [0.829, 0.835, 0.822, 0.831, 0.826],
        [("off", "0.3")] = [0.818, 0.826, 0.812, 0.821, 0.815],
    };

    public static RunResult Run(int id, IReadOnlyDictionary<string, string> cell, RunStatus status, double? testAccuracy, string? label = null, int repeat = 0)
    {
        var final = testAccuracy is { } a ? new Dictionary<string, double?> { [ResultMetrics.TestAccuracy] = a, [ResultMetrics.TestLoss] = 1 - a } : null;
        return new RunResult
        {
            Id = id,
            Label = label ?? string.Join(", ", cell.Select(kv => $"{kv.Key}={kv.Value}")),
            Cell = cell,
            Status = status,
            Repeat = repeat,
            Seed = repeat + 1,
            FinalMetrics = final,
        };
    }

    /// <summary>The 2×2 bn × dropout grid with the first <paramref name="repeats"/> values per cell, and one diverged run in bn=off, dropout=0.3.</summary>
    public static StudyResults Grid(int repeats, IEnumerable<RunPoint>? points = null)
    {
        var runs = new List<RunResult>();
        var id = 1;
        foreach (var bn in Bn.Values)
        {
            foreach (var dropout in Dropout.Values)
            {
                var cell = new Dictionary<string, string> { ["bn"] = bn, ["dropout"] = dropout };
                for (var r = 0; r < repeats; r++)
                {
                    runs.Add(Run(id++, cell, RunStatus.Succeeded, GridValues[(bn, dropout)][r], repeat: r));
                }

                if ((bn, dropout) == ("off", "0.3"))
                {
                    // Its last good epoch looked great; it must be counted, never averaged in.
                    runs.Add(Run(id++, cell, RunStatus.Diverged, 0.99, repeat: repeats));
                }
            }
        }

        return new StudyResults(1, "grid", [Bn, Dropout], runs, points ?? []) { Mode = GridMode.Full, BaseSpec = BaseSpec() };
    }
}
