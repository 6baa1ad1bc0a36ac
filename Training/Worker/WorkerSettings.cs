using Ablation.Training.Torch;
using Microsoft.Extensions.Configuration;

namespace Ablation.Training.Worker;

/// <summary>
/// The "Training" section of the configuration (one appsettings.json for dashboard and worker),
/// bound with the dashboard's precedence: appsettings.json, then environment variables
/// (<c>Training__Threads=2</c>), then the command line. Relative paths are taken relative to the
/// folder of appsettings.json. The dashboard binds the same section and passes its device and
/// threads to every worker it starts.
/// </summary>
public sealed record WorkerSettings
{
    public const string Section = "Training";

    public string DataRoot { get; init; } = "data";
    public string RunsRoot { get; init; } = "runs";

    /// <summary>
    /// Intra-op threads per run; 0 shares the cores evenly between the runs trained at once (the
    /// dashboard's <c>Scheduler:MaxConcurrentRuns</c>; one run by hand gets every core).
    /// </summary>
    public int Threads { get; init; }

    /// <summary>auto (the GPU when libtorch sees one), cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>The threads of one run while <paramref name="concurrentRuns"/> train at once.</summary>
    public int ThreadsFor(int concurrentRuns) =>
        Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount / Math.Max(1, concurrentRuns));

    /// <summary>What is wrong with these settings, one line each, naming the key.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Threads is < 0 or > 1024)
        {
            problems.Add($"{Section}:Threads must be 0 (share the cores) or a number of threads up to 1024 (is {Threads})");
        }

        if (Device != "auto" && !Torch.Device.TryParse(Device, out _))
        {
            problems.Add($"{Section}:Device: unknown value '{Device}' (expected auto, cpu, cuda or cuda:N)");
        }

        return problems;
    }

    /// <summary>
    /// Reads the settings: appsettings.json (the given path, else the current folder or any folder
    /// above it, else the worker's own folder or above), then environment variables, then
    /// <paramref name="commandLine"/> (<c>--Training:Key=value</c> tokens, then the values of the
    /// typed options, which win).
    /// </summary>
    /// <exception cref="FileNotFoundException">The given file does not exist.</exception>
    /// <exception cref="SettingsException">The file is not valid JSON, or a value does not bind or is out of range.</exception>
    public static WorkerSettings Load(string? explicitPath, IEnumerable<string>? commandLine = null, IReadOnlyDictionary<string, string?>? options = null)
    {
        var path = explicitPath ?? FindUpwards(Directory.GetCurrentDirectory()) ?? FindUpwards(AppContext.BaseDirectory);
        if (path is not null && !File.Exists(path))
        {
            throw new FileNotFoundException($"configuration file not found: {path}");
        }

        var baseDir = path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var builder = new ConfigurationBuilder();
        if (path is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        builder.AddCommandLine([.. commandLine ?? []]);
        builder.AddInMemoryCollection(options ?? new Dictionary<string, string?>());

        IConfiguration configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (InvalidDataException e)
        {
            // The JSON provider's own line names the file and what it could not parse.
            throw new SettingsException(e.Message);
        }

        WorkerSettings settings;
        try
        {
            settings = configuration.GetSection(Section).Get<WorkerSettings>() ?? new WorkerSettings();
        }
        catch (InvalidOperationException)
        {
            // The binder's message names the .NET type; say which key holds what instead.
            var key = $"{Section}:{nameof(Threads)}";
            throw new SettingsException($"{key} must be a whole number (is '{configuration[key]}')");
        }

        if (settings.Problems() is [var first, ..])
        {
            throw new SettingsException(first);
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

/// <summary>The worker's configuration cannot be used; the message is the one line to show.</summary>
public sealed class SettingsException(string message) : Exception(message);
