using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Ablation.Dashboard.Data;
using Ablation.Contracts.Worker;
using Ablation.Training.Worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>
/// Runs one worker process for one run and stores what it reports. The worker appends every event
/// to its run folder's events file (docs/worker.md), and that file, not the worker's stdout, is
/// what gets stored (<see cref="RunRecorder"/>): so when the dashboard is killed mid-run, the next
/// one stores what the worker wrote meanwhile, from the offset it had reached, before it resumes
/// the run. The worker holds the folder's lock while it lives and stops when the dashboard is gone
/// (its stdin closes); a supervisor waits for that lock, and ends a holder that does not let go.
/// Whatever the worker does (a native crash, a kill, garbage, silence) ends here as a run status;
/// it never escapes.
/// </summary>
public sealed partial class RunSupervisor(
    IDbContextFactory<AblationDb> dbFactory,
    RunEventBus bus,
    IOptions<SchedulerOptions> options,
    IOptions<WorkerSettings> workerSettings,
    RunStorage storage,
    TimeProvider clock,
    ILogger<RunSupervisor> logger)
{
    private const int StderrLines = 30;

    // The worker's stdout lines only wake the reader; this is how often the file is read without one.
    private static readonly TimeSpan _poll = TimeSpan.FromMilliseconds(250);

    /// <param name="cancel">The user canceled this run: it ends as canceled.</param>
    /// <param name="shutdown">The dashboard is stopping: the worker stops, the run stays running and resumes at the next start.</param>
    public async Task SuperviseAsync(int runId, int concurrent, CancellationToken cancel, CancellationToken shutdown)
    {
        var o = options.Value;
        var worker = workerSettings.Value;
        if (await ClaimAsync(runId) is not { } run)
        {
            return; // canceled while still queued, in the moment the scheduler picked it
        }

        var folder = run.RunDirectory!;
        Directory.CreateDirectory(folder);
        var recorder = new RunRecorder(dbFactory, bus, run, TimeSpan.FromMilliseconds(o.FlushMilliseconds), logger);
        if (!await WaitForFolderAsync(run, folder, cancel, shutdown))
        {
            await EndUnstartedAsync(recorder, cancel, shutdown.IsCancellationRequested ? null
                : $"another process holds this run's folder ({RunFolder.LockFile}) and did not let go of it on SIGTERM nor SIGKILL");
            return;
        }

        using var events = new RunEventFile(RunFolder.EventsPath(folder), run.EventsOffset);

        // What an earlier worker wrote after the last dashboard stopped storing it (that dashboard
        // was killed): stored now, before anything else touches the folder.
        await recorder.ApplyAsync(events.ReadNew());
        await recorder.FlushIfDueAsync();
        if (recorder.Pending.Final || recorder.Pending.Diverged)
        {
            // That worker finished the run on its own: nothing is left to train.
            await recorder.FinishAsync(recorder.Pending.Final ? RunStatus.Succeeded : RunStatus.Diverged, recorder.Pending.Error);
            return;
        }

        if (cancel.IsCancellationRequested || shutdown.IsCancellationRequested)
        {
            await EndUnstartedAsync(recorder, cancel, null);
            return;
        }

        var specPath = Path.Combine(folder, RunFolder.SpecFile);
        await File.WriteAllTextAsync(specPath, run.SpecJson, CancellationToken.None);
        bus.Publish(new RunUpdate(run.StudyId, run.Id, run.Label, run.Status, run.EpochsDone, run.Epochs, null, [], "launch"));

        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(o.ResolvedWorkerPath,
                // The dashboard's own device and threads (its configuration may differ from the
                // appsettings.json a worker would read), with 0 threads turned into this run's share.
                ["run", specPath, "--out", folder, "--data-root", storage.DataRoot,
                 "--threads", worker.ThreadsFor(concurrent).ToString(CultureInfo.InvariantCulture), "--device", worker.Device, "--supervised"])
            {
                // Never written to: its end closing is how the worker learns that this dashboard is gone.
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = storage.ContentRoot,
            },
        };
        var stderr = new Queue<string>();
        process.ErrorDataReceived += (_, e) => Remember(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            await recorder.FinishAsync(RunStatus.Failed, $"could not start the worker {o.ResolvedWorkerPath}: {e.Message}");
            return;
        }

        process.BeginErrorReadLine();
        var canceled = false;
        var stalledOut = false;
        var grace = TimeSpan.FromSeconds(o.CancelGraceSeconds);
        await using var onCancel = cancel.Register(() =>
        {
            canceled = true;
            _ = TerminateAsync(process, grace);
        });
        await using var onShutdown = shutdown.Register(() => _ = TerminateAsync(process, grace));

        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var stdoutDone = DrainAsync(process.StandardOutput, wake.Writer);
        var exited = Task.WhenAll(stdoutDone, process.WaitForExitAsync(CancellationToken.None));
        var stall = new StallWatch(o, clock);
        var storing = new StoreFailures(run.Id, logger, clock);
        var clearStalled = false;
        Task<bool>? woken = null;
        try
        {
            while (true)
            {
                // Decided before the last read, so that the read after the exit sees every line.
                var done = exited.IsCompleted;
                var lines = events.ReadNew();
                clearStalled |= lines.Count > 0 && stall.Report();

                // A database that refuses a write does not end the supervision while the worker trains:
                // its slot stays taken, the recorder keeps what it could not store, and a later pass
                // stores it. Only a worker that has exited, with everything stored, ends the loop.
                var stored = await storing.TryAsync(async () =>
                {
                    if (clearStalled)
                    {
                        await recorder.SetStalledAsync(null);
                        clearStalled = false;
                    }

                    await recorder.ApplyAsync(lines);
                    await recorder.FlushIfDueAsync();
                });
                if (done && stored)
                {
                    break;
                }

                if (done)
                {
                    if (storing.FailingFor > StoreFailures.GiveUpAfterExit)
                    {
                        throw storing.Exception();
                    }

                    await Task.Delay(_poll, clock, CancellationToken.None);
                    continue;
                }

                if (stall.BecameStalled())
                {
                    logger.LogWarning("run {Run}: no report for {Silence} (its pace: {Pace})", run.Id, StallWatch.Describe(stall.Silence), StallWatch.Describe(stall.Pace));
                    await storing.TryAsync(() => recorder.SetStalledAsync(clock.GetUtcNow() - stall.Silence));
                }

                if (!stalledOut && stall.TimedOut())
                {
                    stalledOut = true;
                    logger.LogWarning("run {Run}: {Reason}", run.Id, stall.TimeOutReason());
                    _ = TerminateAsync(process, grace);
                }

                woken ??= wake.Reader.WaitToReadAsync().AsTask();
                await Task.WhenAny(woken, exited, Task.Delay(_poll, clock, CancellationToken.None));
                if (woken.IsCompleted)
                {
                    wake.Reader.TryRead(out _);
                    woken = null;
                }
            }
        }
        catch
        {
            // Whatever ends the supervision early ends the worker first: the scheduler gives the
            // slot back only when this returns, and a run must never train with nobody storing it.
            await TerminateAsync(process, grace);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        await process.WaitForExitAsync(CancellationToken.None); // the stderr callbacks have all run once this returns
        if (shutdown.IsCancellationRequested && !canceled && !stalledOut)
        {
            await storing.StoreAsync(() => recorder.FlushAsync("interrupted"), _poll);
            return;
        }

        if (events.SkippedLongLines > 0)
        {
            logger.LogWarning("run {Run}: skipped {Count} line(s) over {Max} bytes in {File}", run.Id, events.SkippedLongLines, RunEventFile.MaxLineBytes, events.Path);
        }

        var (status, error) = canceled ? (RunStatus.Canceled, null)
            : stalledOut ? (RunStatus.Failed, stall.TimeOutReason())
            : WorkerExit.Outcome(process.ExitCode, recorder.Pending, Tail(stderr));
        await storing.StoreAsync(() => recorder.FinishAsync(status, error), _poll);
    }

    /// <summary>
    /// Marks the run running in one statement that only matches a queued run: a cancel that lands
    /// between the scheduler's pick and this claim wins, and is never overwritten.
    /// </summary>
    private async Task<Run?> ClaimAsync(int runId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var claimed = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now)
                .SetProperty(r => r.Error, (string?)null), CancellationToken.None);
        if (claimed == 0)
        {
            return null;
        }

        var run = await db.Runs.SingleAsync(r => r.Id == runId, CancellationToken.None);
        if (run.RunDirectory is null)
        {
            run.RunDirectory = storage.RunDirectory(run.StudyId, run.Id);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return run;
    }

    /// <summary>
    /// Waits until no process holds the run folder. A worker a killed dashboard left behind stops
    /// within a step once its stdin closes; one that does not (stopped, hung in native code) gets
    /// the cancel grace, then SIGTERM, then SIGKILL. False when the folder could not be had.
    /// </summary>
    private async Task<bool> WaitForFolderAsync(Run run, string folder, CancellationToken cancel, CancellationToken shutdown)
    {
        if (!RunFolderLock.IsHeld(folder))
        {
            return true;
        }

        var grace = TimeSpan.FromSeconds(options.Value.CancelGraceSeconds);
        var pid = RunFolderLock.HolderPid(folder);
        logger.LogInformation("run {Run}: waiting for the worker {Pid} an earlier dashboard started in {Folder} to stop", run.Id, pid, folder);
        var waited = Stopwatch.StartNew();
        var signaled = 0;
        while (RunFolderLock.IsHeld(folder))
        {
            if (cancel.IsCancellationRequested || shutdown.IsCancellationRequested)
            {
                return false;
            }

            if (waited.Elapsed > grace * (signaled + 1))
            {
                if (signaled == 2)
                {
                    return false;
                }

                var holder = RunFolderLock.HolderPid(folder);
                logger.LogWarning("run {Run}: the worker {Pid} still holds {Folder}; sending it {Signal}", run.Id, holder, folder, signaled == 0 ? "SIGTERM" : "SIGKILL");
                if (holder is { } stuck)
                {
                    Signal(stuck, signaled == 0 ? SigTerm : SigKill);
                    Signal(stuck, SigCont);
                }

                signaled++;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, CancellationToken.None);
        }

        return true;
    }

    /// <summary>A run that ends before its worker starts: canceled if the user asked, else (the dashboard stops) left to resume, else failed.</summary>
    private async Task EndUnstartedAsync(RunRecorder recorder, CancellationToken cancel, string? failure)
    {
        if (cancel.IsCancellationRequested)
        {
            await recorder.FinishAsync(RunStatus.Canceled, null);
        }
        else if (failure is not null)
        {
            await recorder.FinishAsync(RunStatus.Failed, failure);
        }
    }

    private static async Task DrainAsync(StreamReader stdout, ChannelWriter<bool> wake)
    {
        while (await stdout.ReadLineAsync(CancellationToken.None) is not null)
        {
            wake.TryWrite(true);
        }

        wake.TryWrite(true);
    }

    private static void Remember(Queue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Enqueue(line);
            while (lines.Count > StderrLines)
            {
                lines.Dequeue();
            }
        }
    }

    private static string Tail(Queue<string> lines)
    {
        lock (lines)
        {
            return string.Join('\n', lines);
        }
    }

    /// <summary>
    /// SIGTERM first (with SIGCONT, so a stopped worker can act on it), so the worker stops between
    /// two steps; a kill if it does not stop in time. The grace is awaited, not slept through, so
    /// a cancel holds no thread-pool thread.
    /// </summary>
    private static async Task TerminateAsync(Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            try
            {
                Signal(process.Id, SigTerm);
                Signal(process.Id, SigCont);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                process.Kill(entireProcessTree: true); // no SIGTERM to be had: stop it the hard way
                return;
            }

            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }
    }

    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int SigCont = 18;

    private static void Signal(int pid, int signal) => _ = Kill(pid, signal);

    // "libc.so" is a linker script on glibc systems, so name the real library.
    [LibraryImport("libc.so.6", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
