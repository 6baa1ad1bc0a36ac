using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Ablation.Training.Cli;

/// <summary>
/// Parses and runs a command tree the way every `ablate` command line behaves: `--help` on every
/// command (exit 0); an unknown option, a missing value or a value that does not parse as one line
/// on stderr that names it, exit <see cref="ExitUsage"/>; otherwise the command's own exit code.
/// A command that sets <see cref="Command.TreatUnmatchedTokensAsErrors"/> to false takes
/// configuration settings (<c>--Section:Key=value</c>, see <see cref="Settings"/>) besides its options.
/// </summary>
public static partial class CommandLineRunner
{
    public const int ExitUsage = (int)Ablation.Contracts.Worker.ExitCode.Invalid;

    public static int Invoke(RootCommand root, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var parse = Parse(root, args);
        if (ErrorLine(parse) is { } error)
        {
            stderr.WriteLine(error);
            return ExitUsage;
        }

        if (parse.Action is HelpAction)
        {
            return WriteHelp(parse, root, stdout, stderr);
        }

        return parse.Invoke(Invocation(stdout, stderr));
    }

    public static async Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var parse = Parse(root, args);
        if (ErrorLine(parse) is { } error)
        {
            await stderr.WriteLineAsync(error);
            return ExitUsage;
        }

        if (parse.Action is HelpAction)
        {
            return WriteHelp(parse, root, stdout, stderr);
        }

        return await parse.InvokeAsync(Invocation(stdout, stderr), cancel);
    }

    private static int WriteHelp(ParseResult parse, RootCommand root, TextWriter stdout, TextWriter stderr)
    {
        var help = new StringWriter();
        var code = parse.Invoke(Invocation(help, stderr));
        stdout.Write(Help.Rewrite(help.ToString(), root));
        return code;
    }

    /// <summary>The <c>--Section:Key=value</c> tokens the parsed command took as configuration, in order.</summary>
    public static IReadOnlyList<string> Settings(ParseResult parse) =>
        parse.CommandResult.Command.TreatUnmatchedTokensAsErrors ? [] : parse.UnmatchedTokens.Where(IsSetting).ToList();

    /// <summary>
    /// Makes <paramref name="argument"/> leave a token that looks like an option (<c>--foo</c>) to be
    /// reported as one, instead of taking it as its value; <paramref name="parse"/> turns the value.
    /// </summary>
    public static Argument<T> LeavingOptions<T>(this Argument<T> argument, Func<ArgumentResult, T?> parse)
    {
        argument.CustomParser = result =>
        {
            var taken = result.Tokens.TakeWhile(t => !t.Value.StartsWith('-')).Count();
            if (taken < result.Tokens.Count)
            {
                result.OnlyTake(taken);
            }

            if (taken == 0 && result.Argument.Arity.MinimumNumberOfValues > 0 && result.Parent is CommandResult command)
            {
                // What System.CommandLine says when the value is simply absent.
                result.AddError($"Required argument missing for command: '{command.Command.Name}'");
            }

            return taken == 0 ? default : parse(result);
        };
        return argument;
    }

    /// <summary><see cref="LeavingOptions{T}(Argument{T}, Func{ArgumentResult, T})"/> for a plain text value.</summary>
    public static Argument<string> LeavingOptions(this Argument<string> argument) =>
        argument.LeavingOptions(result => result.Tokens[0].Value);

    private static ParseResult Parse(RootCommand root, IReadOnlyList<string> args)
    {
        // No response files: `ablate run @spec.json` is a path, not a file of arguments.
        return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
    }

    private static InvocationConfiguration Invocation(TextWriter stdout, TextWriter stderr) => new()
    {
        Output = stdout,
        Error = stderr,
        // Each command handles Ctrl-C and SIGTERM itself and keeps its documented exit codes
        // (System.CommandLine's own handler would answer 130 or 143).
        ProcessTerminationTimeout = null,
    };

    /// <summary>One line naming what is wrong with the command line, or null when it parsed (or asks for help).</summary>
    private static string? ErrorLine(ParseResult parse)
    {
        if (parse.Action is { ClearsParseErrors: true })
        {
            return null; // --help
        }

        var settingsWelcome = !parse.CommandResult.Command.TreatUnmatchedTokensAsErrors;
        var leftOver = parse.UnmatchedTokens.Where(t => !(settingsWelcome && IsSetting(t))).ToList();
        // A setting where none is taken is reported with the rest, not as the cause of it.
        var unknownOptions = leftOver.Where(t => t.StartsWith('-') && !IsSetting(t)).ToList();
        var problems =
            // An unknown option is the cause of whatever else went wrong (the value it displaced, say): name it alone.
            unknownOptions.Count > 0 ? unknownOptions.Select(t => $"unknown option '{t}'"
                + (settingsWelcome && t.Contains(':') ? " (a setting is written --Section:Key=value)" : "")).ToList()
            : parse.Action is ParseErrorAction ? parse.Errors.Select(e => e.Message.TrimEnd('.')).ToList()
            : leftOver.Select(t => $"Unrecognized command or argument '{t}'").ToList();
        var name = CommandName(parse);
        return problems.Count == 0 ? null : $"{name}: {string.Join("; ", problems.Distinct())} ({name} --help lists what it takes)";
    }

    /// <summary>"ablate run", "ablate user add": the command as the user typed it.</summary>
    private static string CommandName(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', ["ablate", .. names]);
    }

    private static bool IsSetting(string token) => SettingPattern().IsMatch(token);

    [GeneratedRegex(@"^--[A-Za-z][\w.]*(:[\w.]+)+=", RegexOptions.CultureInvariant)]
    private static partial Regex SettingPattern();
}
