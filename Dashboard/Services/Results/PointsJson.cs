using System.Text.Json.Nodes;

namespace Ablation.Dashboard.Services.Results;

/// <summary>
/// All recorded points of a study as JSON: per run its id, label, cell, seed, status and final
/// metrics, and per series (split/name) the epoch, step, value and time arrays. Non-finite values
/// are never stored (the supervisor leaves them out), so every number is plain JSON.
/// </summary>
public static class PointsJson
{
    public static JsonObject Of(StudyResults results) => new()
    {
        ["study_id"] = results.StudyId,
        ["name"] = results.Name,
        ["axes"] = new JsonArray([.. results.Axes.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["path"] = a.Path, ["values"] = new JsonArray([.. a.Values.Select(v => (JsonNode?)v)]) })]),
        ["runs"] = new JsonArray([.. results.Runs.Select(run => (JsonNode)new JsonObject
        {
            ["id"] = run.Id,
            ["label"] = run.Label,
            ["cell"] = new JsonObject(run.Cell.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
            ["seed"] = run.Seed,
            ["status"] = run.Status.ToString().ToLowerInvariant(),
            ["final_metrics"] = run.FinalMetrics is null ? null : new JsonObject(run.FinalMetrics.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)(m.Value is { } v && double.IsFinite(v) ? v : null)))),
            ["series"] = new JsonObject(results.SeriesOf(run.Id).Select(s => KeyValuePair.Create(s.Key.ToString(), (JsonNode?)new JsonObject
            {
                ["epoch"] = new JsonArray([.. s.Points.Select(p => (JsonNode?)p.Epoch)]),
                ["step"] = new JsonArray([.. s.Points.Select(p => (JsonNode?)p.Step)]),
                ["value"] = new JsonArray([.. s.Points.Select(p => (JsonNode?)p.Value)]),
                ["time"] = new JsonArray([.. s.Points.Select(p => (JsonNode?)p.Time)]),
            }))),
        })]),
    };
}
