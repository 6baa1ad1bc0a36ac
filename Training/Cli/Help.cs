using System.CommandLine;

namespace Ablation.Training.Cli;

/// <summary>
/// System.CommandLine's help text (its help builder is not public in 2.0), told that the program
/// is `ablate`, the script in front of both executables, and that a command taking settings takes
/// <c>--Section:Key=value</c> rather than arguments for another program.
/// </summary>
internal static class Help
{
    public const string Program = "ablate";

    private const string AdditionalArguments = "[[--] <additional arguments>...]]";

    public static string Rewrite(string help, RootCommand root)
    {
        var lines = help.ReplaceLineEndings("\n").Split('\n').ToList();
        var usage = lines.IndexOf("Usage:");
        if (usage >= 0 && usage + 1 < lines.Count && lines[usage + 1].StartsWith($"  {root.Name}", StringComparison.Ordinal))
        {
            lines[usage + 1] = $"  {Program}{lines[usage + 1][(root.Name.Length + 2)..]}".Replace(AdditionalArguments, "[--Section:Key=value...]", StringComparison.Ordinal);
        }

        var additional = lines.IndexOf("Additional Arguments:");
        if (additional >= 0)
        {
            var end = lines.FindIndex(additional + 1, l => !l.StartsWith("  ", StringComparison.Ordinal));
            lines.RemoveRange(additional, (end < 0 ? lines.Count : end) - additional);
            lines.InsertRange(additional,
            [
                "Settings:",
                "  --Section:Key=value  Any key of appsettings.json, over that file and the environment",
                "                       (--Training:RunsRoot=/srv/runs).",
            ]);
        }

        return string.Join(Environment.NewLine, lines);
    }
}
