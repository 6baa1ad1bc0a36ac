using System.Text.Json;

namespace Ablation.Training.Worker;

/// <summary>
/// The "Training" section of the repository's appsettings.json (one configuration for dashboard
/// and worker). Relative paths are taken relative to the folder of that file.
/// </summary>
public sealed record WorkerSettings
{
    public string DataRoot { get; init; } = "data";
    public string RunsRoot { get; init; } = "runs";

    /// <summary>Intra-op threads per run; 0 uses every core.</summary>
    public int Threads { get; init; }

    public string Device { get; init; } = "auto";

    /// <summary>Finds appsettings.json: the given path, else the current folder or any folder above it.</summary>
    public static WorkerSettings Load(string? explicitPath)
    {
        var path = explicitPath ?? FindUpwards(Directory.GetCurrentDirectory()) ?? FindUpwards(AppContext.BaseDirectory);
        if (path is null)
        {
            return new WorkerSettings();
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"configuration file not found: {path}");
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var settings = new WorkerSettings();
        if (doc.RootElement.TryGetProperty("Training", out var t))
        {
            settings = new WorkerSettings
            {
                DataRoot = t.TryGetProperty("DataRoot", out var d) ? d.GetString() ?? settings.DataRoot : settings.DataRoot,
                RunsRoot = t.TryGetProperty("RunsRoot", out var r) ? r.GetString() ?? settings.RunsRoot : settings.RunsRoot,
                Threads = t.TryGetProperty("Threads", out var n) ? n.GetInt32() : settings.Threads,
                Device = t.TryGetProperty("Device", out var v) ? v.GetString() ?? settings.Device : settings.Device,
            };
        }

        return settings with
        {
            DataRoot = Path.GetFullPath(settings.DataRoot, baseDir),
            RunsRoot = Path.GetFullPath(settings.RunsRoot, baseDir),
        };
    }

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "appsettings.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
