using System.Diagnostics;
using System.Runtime.InteropServices;
using Ablation.Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>
/// Runs one worker process for one run: writes its spec, reads its JSON lines, stores the points in
/// batches, keeps the run row current and publishes every change. Whatever the worker does (a
/// native crash, a kill, garbage on stdout) ends here as a run status; it never escapes.
/// </summary>
public sealed partial class RunSupervisor(
    IDbContextFactory<AblationDb> dbFactory,
    RunEventBus bus,
    IOptions<SchedulerOptions> options,
    RunStorage storage,
    ILogger<RunSupervisor> logger)
{
    private const int StderrLines = 30;

    /// <param name="cancel">The user canceled this run: it ends as canceled.</param>
    /// <param name="shutdown">The dashboard is stopping: the worker stops, the run stays running and resumes at the next start.</param>
    public async Task SuperviseAsync(int runId, int concurrent, CancellationToken cancel, CancellationToken shutdown)
    {
        var o = options.Value;
        Run run;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            // Claimed in one statement that only matches a queued run: a cancel that lands between
            // the scheduler's pick and this claim wins, and is never overwritten by 'running'.
            var now = DateTimeOffset.UtcNow;
            var claimed = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Running)
                    .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now)
                    .SetProperty(r => r.Error, (string?)null), CancellationToken.None);
            if (claimed == 0)
            {
                return; // canceled while still queued, in the moment the scheduler picked it
            }

            run = await db.Runs.SingleAsync(r => r.Id == runId, CancellationToken.None);
            if (run.RunDirectory is null)
            {
                run.RunDirectory = storage.RunDirectory(run.StudyId, run.Id);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }

        Directory.CreateDirectory(run.RunDirectory);
        var specPath = Path.Combine(run.RunDirectory, "spec.json");
        await File.WriteAllTextAsync(specPath, run.SpecJson, CancellationToken.None);
        Publish(run, [], "launch");

        var start = new ProcessStartInfo(o.ResolvedWorkerPath,
            ["run", specPath, "--out", run.RunDirectory, "--data-root", storage.DataRoot, "--threads", o.ThreadsFor(concurrent).ToString(), "--device", o.Device])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = storage.ContentRoot,
        };

        var stderr = new Queue<string>();
        var buffer = new List<PointValue>();
        var pending = new RunChanges();
        long lastStep = 0;
        var malformed = 0;
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.Enqueue(e.Data);
                while (stderr.Count > StderrLines)
                {
                    stderr.Dequeue();
                }
            }
        };

        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            await FinishAsync(run, RunStatus.Failed, $"could not start the worker {o.ResolvedWorkerPath}: {e.Message}", [], new RunChanges());
            return;
        }

        process.BeginErrorReadLine();
        var canceled = false;
        var grace = TimeSpan.FromSeconds(o.CancelGraceSeconds);
        await using var onCancel = cancel.Register(() =>
        {
            canceled = true;
            _ = Task.Run(() => Terminate(process, grace), CancellationToken.None);
        });
        await using var onShutdown = shutdown.Register(() => _ = Task.Run(() => Terminate(process, grace), CancellationToken.None));

        var flushEvery = TimeSpan.FromMilliseconds(o.FlushMilliseconds);
        var lastFlush = Stopwatch.StartNew();
        while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
        {
            var parsed = WorkerLine.TryParse(line, lastStep);
            if (parsed is null)
            {
                if (malformed++ < 5)
                {
                    logger.LogWarning("run {Run}: skipped a line that is not a worker event: {Line}", run.Id, line.Length > 200 ? line[..200] : line);
                }

                continue;
            }

            pending.Apply(parsed);
            if (parsed.Event == "start" && WorkerLine.Number(parsed.Json, "resumed_from_epoch") is > 0 and var from)
            {
                // The worker repeats the epochs after its checkpoint, bit for bit: drop what the
                // interrupted attempt wrote of them so the curves hold each point once.
                await storage.DeletePointsAfterEpochAsync(run.Id, (int)from);
            }

            foreach (var p in parsed.Points)
            {
                lastStep = Math.Max(lastStep, p.Step);
            }

            buffer.AddRange(parsed.Points);
            if (lastFlush.Elapsed >= flushEvery || parsed.Event is "epoch" or "start" or "final")
            {
                await FlushAsync(run, buffer, pending, parsed.Event);
                lastFlush.Restart();
            }
        }

        await process.WaitForExitAsync(CancellationToken.None);
        if (shutdown.IsCancellationRequested && !canceled)
        {
            await FlushAsync(run, buffer, pending, "interrupted");
            return;
        }

        string tail;
        lock (stderr)
        {
            tail = string.Join('\n', stderr);
        }

        var (status, error) = (process.ExitCode, canceled) switch
        {
            (_, true) => (RunStatus.Canceled, (string?)null),
            (0, _) => (RunStatus.Succeeded, null),
            (3, _) => (RunStatus.Diverged, pending.Error ?? "diverged"),
            (2, _) => (RunStatus.Failed, pending.Error ?? tail),
            (var code, _) => (RunStatus.Failed, pending.Error ?? (tail.Length > 0 ? tail : $"the worker exited with code {code}")),
        };
        await FinishAsync(run, status, error, buffer, pending);
    }

    private async Task FlushAsync(Run run, List<PointValue> buffer, RunChanges pending, string? lastEvent)
    {
        var points = buffer.ToList();
        buffer.Clear();
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Points.AddRange(points.Select(p => new MetricPoint
        {
            StudyId = run.StudyId, RunId = run.Id, Step = p.Step, Epoch = p.Epoch, Split = p.Split, Name = p.Name, Value = p.Value, Time = p.Time,
        }));
        var row = await db.Runs.SingleAsync(r => r.Id == run.Id);
        pending.WriteTo(row);
        await db.SaveChangesAsync();
        pending.WriteTo(run);
        Publish(run, points, lastEvent);
    }

    private async Task FinishAsync(Run run, RunStatus status, string? error, List<PointValue> buffer, RunChanges pending)
    {
        pending.Status = status;
        pending.Error = error;
        pending.EndedAt = DateTimeOffset.UtcNow;
        await FlushAsync(run, buffer, pending, "end");
        logger.LogInformation("run {Run} ({Label}) ended: {Status}", run.Id, run.Label, status);
    }

    private void Publish(Run run, IReadOnlyList<PointValue> points, string? lastEvent) =>
        bus.Publish(new RunUpdate(run.StudyId, run.Id, run.Label, run.Status, run.EpochsDone, run.Epochs, run.Error, points, lastEvent));

    /// <summary>SIGTERM first, so the worker stops between two steps; a kill if it does not stop in time.</summary>
    private static void Terminate(Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            try
            {
                _ = Kill(process.Id, 15);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                process.Kill(entireProcessTree: true); // no SIGTERM to be had: stop it the hard way
                return;
            }

            if (!process.WaitForExit(grace))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }
    }

    // "libc.so" is a linker script on glibc systems, so name the real library.
    [LibraryImport("libc.so.6", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    /// <summary>The run-row changes the worker's events imply, applied at the next flush.</summary>
    private sealed class RunChanges
    {
        public RunStatus? Status { get; set; }
        public string? Error { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        private string? _device;
        private long? _parameters;
        private int? _epochs;
        private int? _epochsDone;
        private string? _final;

        public void Apply(WorkerLine line)
        {
            var json = line.Json;
            switch (line.Event)
            {
                case "start":
                    _device = json.TryGetProperty("device", out var d) ? d.GetString() : null;
                    _parameters = (long?)WorkerLine.Number(json, "parameters");
                    _epochs = (int?)WorkerLine.Number(json, "epochs");
                    _epochsDone = (int?)WorkerLine.Number(json, "resumed_from_epoch");
                    break;
                case "epoch" when json.TryGetProperty("metrics", out var m):
                    _epochsDone = (int?)WorkerLine.Number(m, "epoch");
                    break;
                case "final" when json.TryGetProperty("metrics", out var metrics):
                    _final = metrics.GetRawText();
                    break;
                case "diverged":
                    Error = $"diverged at epoch {WorkerLine.Number(json, "epoch")}, step {WorkerLine.Number(json, "step")}: loss {(json.TryGetProperty("loss", out var l) ? l.ToString() : "?")}";
                    break;
                case "error":
                    Error = json.TryGetProperty("message", out var msg) ? msg.GetString() : "error";
                    break;
            }
        }

        public void WriteTo(Run run)
        {
            run.Device = _device ?? run.Device;
            run.Parameters = _parameters ?? run.Parameters;
            run.Epochs = _epochs ?? run.Epochs;
            run.EpochsDone = _epochsDone ?? run.EpochsDone;
            run.FinalMetricsJson = _final ?? run.FinalMetricsJson;
            if (Status is { } status)
            {
                run.Status = status;
                run.Error = Error;
                run.EndedAt = EndedAt;
            }
        }
    }
}
