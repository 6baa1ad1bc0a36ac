using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Access;
using Ablation.Dashboard.Services.Runs;
using Ablation.Dashboard.Services.Studies;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// The REST API under <c>/api</c> (docs/api.md): create and launch a study from its spec, list
/// studies and runs, read a run's metrics, cancel, add repeats, retry. Who may call it is
/// <see cref="AccessPolicy"/>'s decision: anyone on a loopback-only dashboard, else a signed-in
/// user (cookie or API token).
/// </summary>
public static class DashboardApi
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Answers are JSON, never HTML: messages read as written ("got \"abc\"", "U+202E", "&a"), not as \u0022, \u002B, \u0026.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>How the API writes JSON (snake_case names), for the endpoints mapped from other files.</summary>
    internal static JsonSerializerOptions JsonOptions => _json;

    public static WebApplication MapDashboardApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(AccessPolicy.Name);
        api.MapGet("/studies", ListStudiesAsync);
        api.MapPost("/studies", CreateStudyAsync);
        api.MapGet("/studies/{id:int}", GetStudyAsync);
        api.MapGet("/studies/{id:int}/spec", GetStudySpecAsync);
        api.MapPost("/studies/{id:int}/cancel", CancelStudyAsync);
        api.MapGet("/runs/{id:int}", GetRunAsync);
        api.MapGet("/runs/{id:int}/metrics", GetMetricsAsync);
        api.MapPost("/runs/{id:int}/cancel", CancelRunAsync);
        api.MapRepeatsAndRetries();
        return app;
    }

    private static async Task<IResult> ListStudiesAsync(IDbContextFactory<AblationDb> dbFactory, CancellationToken cancel)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var studies = await db.Studies.OrderByDescending(s => s.Id)
            .Select(s => new { s.Id, s.Name, s.Dataset, s.GridMode, s.Repeats, s.CreatedAt })
            .ToListAsync(cancel);
        var counts = await db.Runs.Current().GroupBy(r => new { r.StudyId, r.Status })
            .Select(g => new { g.Key.StudyId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancel);
        return Results.Json(studies.Select(s => new
        {
            s.Id, s.Name, s.Dataset, s.GridMode, s.Repeats, s.CreatedAt,
            Runs = counts.Where(c => c.StudyId == s.Id).ToDictionary(c => StatusName(c.Status), c => c.Count),
        }), _json);
    }

    private static async Task<IResult> CreateStudyAsync(HttpRequest request, StudyService studies, CancellationToken cancel)
    {
        // JSON, or YAML when the request says so (Content-Type: application/yaml): docs/api.md.
        StudySpec spec;
        try
        {
            using var reader = new StreamReader(request.Body);
            spec = StudySpecFile.Parse(await reader.ReadToEndAsync(cancel), StudySpecFile.FormatOf(request.ContentType) ?? StudySpecFile.Format.Json);
        }
        catch (StudyFileException e)
        {
            return Problem($"the body is not a study spec: {e.Message}");
        }

        try
        {
            var id = await studies.CreateAsync(spec, cancel);
            var runs = (await LoadRunsAsync(request.HttpContext.RequestServices, id, cancel)).Count;
            return Results.Json(new { Id = id, Runs = runs, Url = $"/studies/{id}" }, _json, statusCode: StatusCodes.Status201Created);
        }
        catch (InvalidStudyException invalid)
        {
            var errors = invalid.Preview.Cells.SelectMany(c => c.Problems.Select(p => $"{c.Cell.Label}: {p}")).Distinct().ToList();
            return Results.Json(new { Error = "the study is invalid; nothing was queued", Errors = errors }, _json, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (StudyException e)
        {
            return Problem(e.Message);
        }
    }

    private static async Task<IResult> GetStudyAsync(int id, IDbContextFactory<AblationDb> dbFactory, IServiceProvider services, CancellationToken cancel)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var study = await db.Studies.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancel);
        if (study is null)
        {
            return NotFound($"study {id}");
        }

        var runs = await LoadRunsAsync(services, id, cancel);
        return Results.Json(new
        {
            study.Id, study.Name, study.Description, study.Dataset, study.GridMode, study.Repeats, study.CreatedAt,
            Runs = runs.Where(r => r.RetriedById is null).Select(RunJson),
            EarlierAttempts = runs.Where(r => r.RetriedById is not null).Select(RunJson),
        }, _json);
    }

    private static async Task<IResult> GetStudySpecAsync(int id, string? format, StudyService studies, CancellationToken cancel)
    {
        if (await studies.LoadSpecAsync(id, cancel) is not { } spec)
        {
            return NotFound($"study {id}");
        }

        return format switch
        {
            null or "json" => Results.Text(StudySpecFile.ToJson(spec), "application/json"),
            "yaml" => Results.Text(StudySpecFile.ToYaml(spec), "application/yaml"),
            _ => Problem($"unknown format '{format}' (json or yaml)"),
        };
    }

    private static async Task<IResult> GetRunAsync(int id, IDbContextFactory<AblationDb> dbFactory, CancellationToken cancel)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancel);
        if (run is null)
        {
            return NotFound($"run {id}");
        }

        var json = RunJson(run);
        json["study_id"] = run.StudyId;
        json["spec"] = JsonNode.Parse(run.SpecJson);
        return Results.Json(json, _json);
    }

    private static async Task<IResult> GetMetricsAsync(int id, IDbContextFactory<AblationDb> dbFactory, CancellationToken cancel)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        if (!await db.Runs.AnyAsync(r => r.Id == id, cancel))
        {
            return NotFound($"run {id}");
        }

        var points = await db.Points.AsNoTracking().Where(p => p.RunId == id).OrderBy(p => p.Step).ThenBy(p => p.Id)
            .Select(p => new { p.Step, p.Epoch, p.Split, p.Name, p.Value, p.Time })
            .ToListAsync(cancel);
        return Results.Json(new { RunId = id, Points = points }, _json);
    }

    private static async Task<IResult> CancelStudyAsync(int id, IDbContextFactory<AblationDb> dbFactory, RunScheduler scheduler, CancellationToken cancel)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        if (!await db.Studies.AnyAsync(s => s.Id == id, cancel))
        {
            return NotFound($"study {id}");
        }

        await scheduler.CancelStudyAsync(id);
        return Results.Json(new { Id = id, Canceled = true }, _json);
    }

    private static async Task<IResult> CancelRunAsync(int id, IDbContextFactory<AblationDb> dbFactory, RunScheduler scheduler, CancellationToken cancel)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        if (!await db.Runs.AnyAsync(r => r.Id == id, cancel))
        {
            return NotFound($"run {id}");
        }

        var canceled = await scheduler.CancelAsync(id);
        return Results.Json(new { Id = id, Canceled = canceled }, _json);
    }

    private static async Task<List<Run>> LoadRunsAsync(IServiceProvider services, int studyId, CancellationToken cancel)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AblationDb>>().CreateDbContextAsync(cancel);
        return await db.Runs.AsNoTracking().Where(r => r.StudyId == studyId).OrderBy(r => r.Id).ToListAsync(cancel);
    }

    private static JsonObject RunJson(Run run) => new()
    {
        ["id"] = run.Id,
        ["label"] = run.Label,
        ["cell"] = JsonNode.Parse(run.CellJson),
        ["repeat"] = run.Repeat,
        ["seed"] = run.Seed,
        ["attempt"] = run.Attempt,
        ["retried_by"] = run.RetriedById,
        ["status"] = StatusName(run.Status),
        ["device"] = run.Device,
        ["parameters"] = run.Parameters,
        ["epochs"] = run.Epochs,
        ["epochs_done"] = run.EpochsDone,
        ["queued_at"] = run.QueuedAt,
        ["started_at"] = run.StartedAt,
        ["ended_at"] = run.EndedAt,
        ["stalled_since"] = run.StalledSince,
        ["error"] = run.Error,
        ["final_metrics"] = run.FinalMetricsJson is null ? null : JsonNode.Parse(run.FinalMetricsJson),
    };

    private static string StatusName(RunStatus status) => status.ToString().ToLowerInvariant();

    internal static IResult Problem(string message) => Results.Json(new { error = message }, _json, statusCode: StatusCodes.Status400BadRequest);

    internal static IResult NotFound(string what) => Results.Json(new { error = $"{what} does not exist" }, _json, statusCode: StatusCodes.Status404NotFound);
}
