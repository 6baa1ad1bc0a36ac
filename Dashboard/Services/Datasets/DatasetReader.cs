using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Ablation.Training.Data;

namespace Ablation.Dashboard.Services.Datasets;

/// <summary>
/// What the dashboard reads about an image set (summary, sample grid) with no native code in its
/// own process. IDX and CIFAR files are read here: headers, label files and managed readers. Image
/// folders need the shim's stb_image, and the dashboard never loads the shim or libtorch (a native
/// fault there would end the web process), so the worker reads them (<c>ablate-worker inspect</c>),
/// one child process per look, stopped after <see cref="Timeout"/>. Its answer is kept for as long
/// as the folder's files are the ones it read (paths, sizes and times), so a page reload or the next
/// grid check starts no process. A worker that crashed or ran out of time is not remembered: the
/// next look tries again.
/// </summary>
public sealed class DatasetReader(string workerPath, TimeSpan timeout)
{
    /// <summary>How long one inspection may take when the configuration says nothing (Datasets:InspectTimeoutSeconds).</summary>
    public const int DefaultTimeoutSeconds = 60;

    private readonly ConcurrentDictionary<string, Entry> _answers = new(StringComparer.Ordinal);
    private int _started;

    /// <summary>The worker beside this application, with the default time limit (what tests and tools get without configuration).</summary>
    public static DatasetReader Default { get; } =
        new(Path.Combine(AppContext.BaseDirectory, "ablate-worker"), TimeSpan.FromSeconds(DefaultTimeoutSeconds));

    public string WorkerPath { get; } = workerPath;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>How many worker processes this reader has started (each answer it kept saved one).</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>
    /// Sizes, input shape and class names of <paramref name="source"/> (resolved from
    /// <paramref name="dataset"/>) as a run with <paramref name="options"/> sees them; a
    /// <see cref="DataException"/> with the message to show when it cannot be read.
    /// </summary>
    public DatasetSummary Summarize(string dataRoot, string dataset, DatasetSource source, ImageOptions options) =>
        source is ImageFolderSource folder
            ? Inspect(dataRoot, dataset, folder, options, samples: 0).Summary!
            : DatasetInspector.Summarize(source, options);

    /// <summary>
    /// The summary and up to <paramref name="max"/> test images of <paramref name="source"/>, round-robin
    /// over its classes, at the default options (IDX and CIFAR images at their own size, which needs no
    /// resizing here; image folders at 64×64 in their majority channels, decoded by the worker).
    /// </summary>
    public (DatasetSummary Summary, ImageSet Samples) Samples(string dataRoot, string dataset, DatasetSource source, int max)
    {
        if (source is ImageFolderSource folder)
        {
            var inspection = Inspect(dataRoot, dataset, folder, ImageOptions.Default, max);
            return (inspection.Summary!, inspection.Samples?.ToImageSet()
                ?? throw new DataException($"{dataset}: the training worker sent no sample images"));
        }

        return (DatasetInspector.Summarize(source, ImageOptions.Default), DatasetInspector.Samples(source, ImageOptions.Default, max));
    }

    /// <summary>
    /// The summary (and <paramref name="samples"/> test images, when above 0) of the folder
    /// <paramref name="dataset"/> resolved to, from the worker or from what it answered before for
    /// the same files; a <see cref="DataException"/> with the message to show when the folder cannot
    /// be read or the worker failed.
    /// </summary>
    public DatasetInspection Inspect(string dataRoot, string dataset, ImageFolderSource folder, ImageOptions options, int samples)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        var key = string.Join('|', dataRoot, dataset, options.ImageSize, options.Channels, options.LabelSet, samples);
        var state = folder.Fingerprint();
        var entry = _answers.AddOrUpdate(
            key,
            _ => new Entry(state, new Lazy<Answer>(() => Ask(dataRoot, dataset, options, samples))),
            (_, known) => known.State == state ? known : new Entry(state, new Lazy<Answer>(() => Ask(dataRoot, dataset, options, samples))));
        Answer answer;
        try
        {
            answer = entry.Answer.Value;
        }
        catch
        {
            // A Lazy keeps what its factory threw: forget it, so the next look asks again.
            _answers.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            throw;
        }

        if (!answer.Keep)
        {
            // Only this entry: a newer one for a changed folder stays.
            _answers.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }

        return answer.Inspection ?? throw new DataException(answer.Problem!);
    }

    private Answer Ask(string dataRoot, string dataset, ImageOptions options, int samples)
    {
        var arguments = new List<string> { "inspect", dataset, "--data-root", dataRoot, "--samples", samples.ToString(CultureInfo.InvariantCulture) };
        if (options.ImageSize is { } size)
        {
            arguments.AddRange(["--image-size", size.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.Channels is { } channels)
        {
            arguments.AddRange(["--channels", channels.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.LabelSet != ImageOptions.FineLabels)
        {
            arguments.AddRange(["--label-set", options.LabelSet]);
        }

        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(WorkerPath, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return Answer.Failed($"{dataset}: the training worker {WorkerPath}, which reads image folders, could not be started ({e.Message})");
        }

        Interlocked.Increment(ref _started);

        // Both pipes are drained while the worker runs, so a full pipe never stalls it.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended in between.
            }

            process.WaitForExit();
            return Answer.Failed(
                $"{dataset}: reading the folder took longer than {Timeout.TotalSeconds:0.#} s, so the worker reading it was stopped; "
                + "try again, or raise Datasets:InspectTimeoutSeconds for a very large folder");
        }

        process.WaitForExit();
        var inspection = DatasetInspectionJson.TryParse(stdout.GetAwaiter().GetResult().Trim());
        switch (process.ExitCode)
        {
            case 0 when inspection?.Summary is not null:
                return new Answer(inspection, null, Keep: true);
            case 2 when inspection?.Problem is { } problem:
                return new Answer(null, problem, Keep: true);
            default:
                return Answer.Failed(Crashed(dataset, process.ExitCode, stderr.GetAwaiter().GetResult()));
        }
    }

    /// <summary>The worker ended without an answer: say how, with its own one-line message when it wrote one (never a stack trace).</summary>
    private static string Crashed(string dataset, int exitCode, string stderr)
    {
        var how = exitCode > 128 ? $"it was ended by signal {exitCode - 128}{SignalName(exitCode - 128)}" : $"it exited with code {exitCode}";
        var said = stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .LastOrDefault(line => line.StartsWith("ablate: ", StringComparison.Ordinal))?["ablate: ".Length..];
        return $"{dataset}: the training worker stopped while reading the folder ({how}{(said is null ? "" : ": " + said)}); "
            + "the dashboard is unaffected. Check the folder's image files, or read it with ./ablate inspect " + dataset;
    }

    private static string SignalName(int signal) => signal switch
    {
        6 => ", an abort",
        9 => ", a kill (out of memory?)",
        11 => ", a segmentation fault",
        _ => "",
    };

    private sealed record Entry(string State, Lazy<Answer> Answer);

    /// <param name="Keep">Whether the answer holds for as long as the folder is unchanged (a crash or a timeout may not happen again).</param>
    private sealed record Answer(DatasetInspection? Inspection, string? Problem, bool Keep)
    {
        public static Answer Failed(string problem) => new(null, problem, Keep: false);
    }
}
