using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Studies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Results;

/// <summary>Loads a study's results: the study, its runs, and all its points in one query.</summary>
public static class ResultsLoader
{
    /// <summary>The synthetic axis of a variants study: its value is the variant's name.</summary>
    public const string VariantAxis = "variant";

    /// <param name="withBatch">
    /// Also the batch-loss and batch-lr points, which are most of a study's points; the tables and
    /// the epoch curves do without them.
    /// </param>
    /// <returns>The study's results, or null when there is no such study.</returns>
    public static async Task<StudyResults?> LoadAsync(IDbContextFactory<AblationDb> dbFactory, int studyId, bool withBatch = true, CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var study = await db.Studies.AsNoTracking().SingleOrDefaultAsync(s => s.Id == studyId, cancel);
        if (study is null)
        {
            return null;
        }

        // Earlier attempts that a retry replaced are not results; their retries are (RunAttempts).
        var runs = await db.Runs.AsNoTracking().Current().Where(r => r.StudyId == studyId).OrderBy(r => r.Id).ToListAsync(cancel);

        // Points are read after the runs, so a live run's curves can only be ahead of its row,
        // never behind it: a run read as finished has all its points.
        await db.Database.OpenConnectionAsync(cancel);
        var points = PointReader.Read((SqliteConnection)db.Database.GetDbConnection(), studyId, withBatch, cancel);

        return Build(study, runs, OfRuns(points, runs), includesBatch: withBatch);
    }

    /// <summary>Builds the results from rows already read; the loader's second half, usable without a database.</summary>
    public static StudyResults Build(Study study, IReadOnlyList<Run> runs, IEnumerable<RunPoint> points, bool includesBatch = true)
    {
        var spec = ReadSpec(study.SpecJson);
        var declared = spec is null ? [] : DeclaredAxes(spec);
        var cells = runs.Select(r => CellOf(r, spec, declared)).ToList();
        var axes = spec is null ? AxesFromCells(cells) : WithObservedValues(declared, cells);

        var results = runs.Zip(cells, (run, cell) => new RunResult
        {
            Id = run.Id,
            Label = run.Label,
            Cell = cell,
            Repeat = run.Repeat,
            Seed = run.Seed,
            Status = run.Status,
            Epochs = run.Epochs,
            EpochsDone = run.EpochsDone,
            Parameters = run.Parameters,
            Device = run.Device,
            StartedAt = run.StartedAt,
            EndedAt = run.EndedAt,
            Error = run.Error,
            FinalMetrics = ResultMetrics.Parse(run.FinalMetricsJson),
        }).ToList();

        return new StudyResults(study.Id, study.Name, axes, results, points)
        {
            Description = study.Description,
            Dataset = study.Dataset,
            IncludesBatch = includesBatch,
            Preset = spec?.Preset,
            BaseSpec = spec?.Base,
            Mode = spec?.Mode ?? (Enum.TryParse<GridMode>(study.GridMode, out var mode) ? mode : GridMode.Full),
        };
    }

    /// <summary>The points of these runs only: a retried study also holds its earlier attempts' points.</summary>
    private static IEnumerable<RunPoint> OfRuns(List<RunPoint> points, List<Run> runs)
    {
        if (!runs.Any(r => r.Attempt > 1))
        {
            return points; // nothing was retried: every point is a current run's
        }

        var ids = runs.Select(r => r.Id).ToHashSet();
        return points.Where(p => ids.Contains(p.RunId));
    }

    private static StudySpec? ReadSpec(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, StudyJsonContext.Default.StudySpec);
        }
        catch (JsonException)
        {
            // A spec this version cannot read still has runs worth showing: the axes then come from the cells.
            return null;
        }
    }

    private static List<ResultAxis> DeclaredAxes(StudySpec spec)
    {
        if (spec.Mode != GridMode.Variants)
        {
            return spec.Axes.Select(a => new ResultAxis(a.Name, a.Path, a.Values.Select(GridExpander.Format).Distinct().ToList())).ToList();
        }

        // A variants study's cells are keyed by the fields they set; the variant's name is an axis of its own.
        var axes = new List<ResultAxis> { new(VariantAxis, null, spec.Variants.Select(v => v.Name).Distinct().ToList()) };
        var paths = spec.Variants.SelectMany(v => v.Set.Keys).Distinct().ToList();
        axes.AddRange(paths.Select(path => new ResultAxis(path, path,
            spec.Variants.Where(v => v.Set.ContainsKey(path)).Select(v => GridExpander.Format(v.Set[path])).Distinct().ToList())));
        return axes;
    }

    private static Dictionary<string, string> CellOf(Run run, StudySpec? spec, List<ResultAxis> axes)
    {
        var cell = ParseCell(run.CellJson);
        JsonObject? runSpec = null;
        foreach (var axis in axes.Where(a => !cell.ContainsKey(a.Name)))
        {
            if (axis.Path is null)
            {
                if (spec?.Mode == GridMode.Variants && axis.Name == VariantAxis)
                {
                    cell[VariantAxis] = run.Label;
                }

                continue;
            }

            runSpec ??= ParseObject(run.SpecJson) ?? [];
            cell[axis.Name] = GridExpander.Format(GridExpander.Read(runSpec, axis.Path));
        }

        return cell;
    }

    private static Dictionary<string, string> ParseCell(string json)
    {
        var cell = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ParseObject(json) is { } values)
        {
            foreach (var (name, value) in values)
            {
                cell[name] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : GridExpander.Format(value);
            }
        }

        return cell;
    }

    private static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The declared values first, in the study's order; then values only a run carries (a baseline outside the axis's list).</summary>
    private static List<ResultAxis> WithObservedValues(List<ResultAxis> axes, List<Dictionary<string, string>> cells) =>
        axes.Select(axis =>
        {
            var extra = cells.Select(c => c.GetValueOrDefault(axis.Name)).OfType<string>().Distinct().Except(axis.Values).ToList();
            return extra.Count == 0 ? axis : axis with { Values = [.. axis.Values, .. extra] };
        }).ToList();

    private static List<ResultAxis> AxesFromCells(List<Dictionary<string, string>> cells) =>
        cells.SelectMany(c => c.Keys).Distinct()
            .Select(name => new ResultAxis(name, null, cells.Select(c => c.GetValueOrDefault(name)).OfType<string>().Distinct().ToList()))
            .ToList();
}
