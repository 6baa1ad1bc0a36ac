using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// The API's repeat and retry calls (docs/api.md): raise a study's repeats, retry a study's failed
/// runs (or one cell's), retry one run. They change state, so they take the same guard as the
/// API's other state-changing calls.
/// </summary>
public static class DashboardRunActions
{
    public static RouteGroupBuilder MapRepeatsAndRetries(this RouteGroupBuilder api)
    {
        api.MapPost("/studies/{id:int}/repeats", AddRepeatsAsync);
        api.MapPost("/studies/{id:int}/retry", RetryStudyAsync);
        api.MapPost("/runs/{id:int}/retry", RetryRunAsync);
        return api;
    }

    private static async Task<IResult> AddRepeatsAsync(int id, HttpRequest request, StudyRepeats repeats, CancellationToken cancel)
    {
        var (_, body) = await ReadBodyAsync(request, cancel);
        if (body?["repeats"] is not JsonValue value || !value.TryGetValue<int>(out var count))
        {
            return DashboardApi.Problem("send {\"repeats\": N}, N a whole number: the seeds per cell the study should have");
        }

        try
        {
            return await repeats.AddAsync(id, count, cancel) is { } added
                ? Results.Json(new { Id = id, added.PreviousRepeats, added.Repeats, Queued = added.QueuedRunIds }, DashboardApi.JsonOptions)
                : DashboardApi.NotFound($"study {id}");
        }
        catch (StudyException e)
        {
            return DashboardApi.Problem(e.Message);
        }
    }

    private static async Task<IResult> RetryStudyAsync(int id, HttpRequest request, RunRetries retries, CancellationToken cancel)
    {
        // No body retries every failed or diverged run of the study; {"cell": LABEL} one cell's.
        var (valid, body) = await ReadBodyAsync(request, cancel);
        if (!valid)
        {
            return DashboardApi.Problem("the body must be empty (every failed or diverged run) or a JSON object such as {\"cell\": \"bn=off, dropout=0.3\"}");
        }

        string? cell = null;
        if (body?["cell"] is { } node && (node is not JsonValue v || !v.TryGetValue(out cell)))
        {
            return DashboardApi.Problem("\"cell\" must be a cell's label, as the study's runs show it (\"bn=off, dropout=0.3\")");
        }

        try
        {
            return await retries.RetryStudyAsync(id, cell, cancel) is { } retried
                ? Results.Json(new { Id = id, Retried = retried }, DashboardApi.JsonOptions)
                : DashboardApi.NotFound($"study {id}");
        }
        catch (StudyException e)
        {
            return DashboardApi.Problem(e.Message);
        }
    }

    private static async Task<IResult> RetryRunAsync(int id, RunRetries retries, CancellationToken cancel)
    {
        try
        {
            return await retries.RetryRunAsync(id, cancel) is { } retried
                ? Results.Json(retried, DashboardApi.JsonOptions)
                : DashboardApi.NotFound($"run {id}");
        }
        catch (RunStateException e)
        {
            return Results.Json(new { error = e.Message }, DashboardApi.JsonOptions, statusCode: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>The body as a JSON object: (true, null) when there is none, (false, null) when it is not a JSON object.</summary>
    private static async Task<(bool Valid, JsonObject? Body)> ReadBodyAsync(HttpRequest request, CancellationToken cancel)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancel);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (true, null);
        }

        try
        {
            return JsonNode.Parse(text) is JsonObject body ? (true, body) : (false, null);
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }
}
