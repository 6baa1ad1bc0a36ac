using System.Diagnostics;
using System.Globalization;
using Ablation.Bench.Analysis;
using Ablation.Dashboard.Services.Analysis;
using Ablation.Dashboard.Services.Results;

// The statistics benchmark of issue 5 (bench/analysis.sh, bench/README.md): everything the results
// page computes for the effects panel and the aggregated curves, on a fresh in-memory study each
// repetition (the analysis is cached per loaded results, so a repetition on the same object would
// time the cache).
const double GoalMs = 200;
var options = args.Chunk(2).Where(p => p.Length == 2 && p[0].StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p[0][2..], p => int.Parse(p[1], CultureInfo.InvariantCulture));
var runCount = options.GetValueOrDefault("runs", 1000);
var epochs = options.GetValueOrDefault("epochs", 100);
var repeat = options.GetValueOrDefault("repeat", 7);
if (args.Length % 2 != 0 || options.Count * 2 != args.Length || runCount < 1 || epochs < 1 || repeat < 1)
{
    Console.Error.WriteLine("usage: bench/analysis.sh [--runs N (1000)] [--epochs N (100)] [--repeat N (7)]");
    return 2;
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, load before: {Load()}");
var parts = new Dictionary<string, List<double>>();
var totals = new List<double>();
for (var r = 0; r <= repeat; r++)
{
    var results = SyntheticStudy.Build(runCount, epochs, seed: r);
    if (r == 0)
    {
        Console.WriteLine($"study: {results.Runs.Count} runs in {SyntheticStudy.Cells} cells x {epochs} epochs, {results.PointCount:N0} points, 4 axes");
    }

    var clock = Stopwatch.StartNew();
    var lap = TimeSpan.Zero;
    void Lap(string name)
    {
        var now = clock.Elapsed;
        if (r > 0) // the first pass warms the JIT and is not counted
        {
            (parts.TryGetValue(name, out var list) ? list : parts[name] = []).Add((now - lap).TotalMilliseconds);
        }

        lap = now;
    }

    var analysis = StudyAnalysis.For(results);
    Lap("cells");
    var effects = analysis.Effects(ResultMetrics.TestAccuracy);
    Lap("effects (all axes)");
    var interactions = analysis.Interactions(ResultMetrics.TestAccuracy);
    var parallel = analysis.ParallelCoordinates(ResultMetrics.TestAccuracy);
    Lap("interactions + parallel coordinates");
    var curves = analysis.Curves(new SeriesKey("val", "accuracy"), Smoothing.Ema(0.6));
    Lap("aggregated curves (EMA 0.6)");
    var points = curves.Sum(c => c.ForDisplay(BandMode.StdDev).X.Length);
    Lap("downsampling (mean + band)");
    clock.Stop();
    if (r == 0)
    {
        Console.WriteLine($"effects: {effects.Axes.Count} axes, {effects.Axes.Sum(a => a.Levels.Count)} levels; {interactions.Count} interaction plots; "
            + $"{parallel.Cells.Count} parallel-coordinates lines; {curves.Count} aggregated curves, {points:N0} points drawn");
        Console.WriteLine($"e.g. {effects.Axes[0].Levels.First(l => !l.IsBaseline).Verdict!.Text}");
    }
    else
    {
        totals.Add(clock.Elapsed.TotalMilliseconds);
    }
}

foreach (var (name, times) in parts)
{
    Console.WriteLine($"  {name,-38} median {Median(times),8:F1} ms");
}

var median = Median(totals);
Console.WriteLine($"total per results load: median {median:F1} ms, min {totals.Min():F1}, max {totals.Max():F1} over {repeat} repetitions");
Console.WriteLine($"RESULT analysis {runCount} runs x {epochs} epochs: median {median:F1} ms (goal < {GoalMs} ms) {(median < GoalMs ? "PASS" : "FAIL")}");
Console.WriteLine($"load after: {Load()}");
return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
