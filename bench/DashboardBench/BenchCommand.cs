using System.Globalization;

namespace Ablation.Bench;

/// <summary>Parses <c>overhead|latency|results [--name value]…</c> and runs that benchmark.</summary>
internal static class BenchCommand
{
    public const string Usage = """
        usage: bench/dashboard.sh overhead|latency|results|results-load [options]
          overhead  a run launched from the dashboard vs the same spec through the worker alone (goal <= 1.03x)
                    --epochs N (2) --subset N (12800) --test-subset N (2000) --repeat N (2) --threads N (nproc)
          latency   a worker's epoch line to the browser's chart update (goal p95 < 250 ms)
                    --runs N (2) --epochs N (25) --subset N (6000) --test-subset N (1000)
          results   the results page of a study of R runs x E epochs (goal: server render < 500 ms, chart drawn < 2 s)
                    --runs N (100) --epochs N (50) --repeat N (5) --seeds N (1)
          results-load  the server's share of it: loading a study's results from SQLite, and its table
                    --runs N (1000) --epochs N (50) --repeat N (5) --seeds N (5)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        Dictionary<string, int> options;
        try
        {
            options = Options(args[1..]);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"bench: {e.Message}\n{Usage}");
            return 2;
        }

        int Get(string name, int fallback) => options.GetValueOrDefault(name, fallback);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, load before: {LoadAverage()}");
        switch (args[0])
        {
            case "overhead":
                await OverheadBench.RunAsync(Get("epochs", 2), Get("subset", 12800), Get("test-subset", 2000), Get("repeat", 2), Get("threads", Environment.ProcessorCount));
                break;
            case "latency":
                await LatencyBench.RunAsync(Get("runs", 2), Get("epochs", 25), Get("subset", 6000), Get("test-subset", 1000));
                break;
            case "results":
                await ResultsPageBench.RunAsync(Get("runs", 100), Get("epochs", 50), Get("repeat", 5), Get("seeds", 1));
                break;
            case "results-load":
                await ResultsLoadBench.RunAsync(Get("runs", 1000), Get("epochs", 50), Get("repeat", 5), Get("seeds", 5));
                break;
            default:
                Console.Error.WriteLine($"bench: unknown benchmark '{args[0]}'\n{Usage}");
                return 2;
        }

        Console.WriteLine($"load after: {LoadAverage()}");
        return 0;
    }

    private static Dictionary<string, int> Options(string[] args)
    {
        var options = new Dictionary<string, int>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length
                || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new FormatException($"expected --name N with N a positive integer, at '{string.Join(' ', args[i..])}'");
            }

            options[args[i][2..]] = value;
        }

        return options;
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
