using System.CommandLine;
using System.CommandLine.Parsing;
using Ablation.Training.Cli;

namespace Ablation.Training.Worker;

/// <summary>
/// What every command on a spec takes to find its settings: `--data-root`, `--config`, and any
/// `--Training:Key=value` setting. <see cref="Load"/> binds them over appsettings.json and the
/// environment (<see cref="WorkerSettings"/>).
/// </summary>
internal sealed class SettingsOptions
{
    public Option<string?> DataRoot { get; } = new("--data-root")
    {
        Description = "The folder of the data sets (Training:DataRoot); relative to the current folder.",
        HelpName = "DIR",
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The appsettings.json to read (default: the one in the current folder or the nearest above it).",
        HelpName = "FILE",
    };

    /// <summary>Adds the options to <paramref name="command"/>, which then also takes <c>--Section:Key=value</c> settings.</summary>
    public void AddTo(Command command)
    {
        command.Add(DataRoot);
        command.Add(Config);
        command.TreatUnmatchedTokensAsErrors = false;
    }

    /// <summary>The settings, with <paramref name="options"/> (configuration keys) over everything else.</summary>
    public WorkerSettings Load(ParseResult parse, IReadOnlyDictionary<string, string?>? options = null)
    {
        var overrides = new Dictionary<string, string?>(options ?? new Dictionary<string, string?>());
        if (parse.GetValue(DataRoot) is { } dataRoot)
        {
            overrides[$"{WorkerSettings.Section}:{nameof(WorkerSettings.DataRoot)}"] = Path.GetFullPath(dataRoot);
        }

        return WorkerSettings.Load(parse.GetValue(Config), CommandLineRunner.Settings(parse), overrides);
    }

    /// <summary>A whole number from 1 to 1024, or an error naming the option.</summary>
    public static int? PositiveThreads(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, out var threads) && threads is > 0 and <= 1024)
        {
            return threads;
        }

        result.AddError($"--threads needs a whole number from 1 to 1024 (got '{text}')");
        return null;
    }
}
