using Ablation.Contracts.Events;
using Ablation.Contracts.Models;
using Ablation.Contracts.Specs;
using Ablation.Contracts.Worker;
using Ablation.Training.Data;
using Ablation.Training.Engine;
using Ablation.Training.Torch;

namespace Ablation.Training.Worker;

/// <summary>
/// `ablate run SPEC.json` and `ablate validate SPEC.json`, ending with an <see cref="ExitCode"/>.
/// </summary>
public static class WorkerCommand
{
    private const string Usage = """
        usage: ablate run SPEC.json [--out DIR] [--data-root DIR] [--threads N] [--device auto|cpu|cuda[:N]] [--config appsettings.json] [--supervised]
               ablate validate SPEC.json [--json] [--data-root DIR] [--config appsettings.json]
               ablate watch STUDY [--url http://127.0.0.1:5000] [--run RUN]
               ablate inspect DATASET [--data-root DIR] [--config appsettings.json] [--samples N] [--image-size N] [--channels 1|3] [--label-set fine|coarse]
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["watch", .. var watchArgs])
        {
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            return Watch.WatchCommand.RunAsync(watchArgs, stdout, stderr, cancel: stop.Token).GetAwaiter().GetResult();
        }

        if (args is ["inspect", .. var inspectArgs])
        {
            return InspectArguments.Run(inspectArgs, stdout, stderr);
        }

        if (args.Length < 2 || args[0] is not ("run" or "validate"))
        {
            stderr.WriteLine(Usage);
            return (int)ExitCode.Invalid;
        }

        var command = args[0];
        Options options;
        try
        {
            options = Options.Parse(args[2..]);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"ablate: {e.Message}");
            stderr.WriteLine(Usage);
            return (int)ExitCode.Invalid;
        }

        using var events = new JsonLineWriter(stdout);
        RunFolderLock? folder = null;
        try
        {
            if (command == "run" && options.Out is { } outDir && !TryClaim(outDir, events, stderr, out folder))
            {
                return (int)ExitCode.FolderInUse;
            }

            var settings = WorkerSettings.Load(options.Config);
            var spec = SpecReader.ReadFile(args[1]);
            var prepared = PreparedRun.Prepare(spec, options.DataRoot ?? settings.DataRoot);
            if (command == "validate")
            {
                return Validate(prepared, options, stdout);
            }

            var runFolder = options.Out ?? Path.Combine(settings.RunsRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{SpecHash.Of(prepared.Spec)[..8]}");
            if (folder is null && !TryClaim(runFolder, events, stderr, out folder))
            {
                return (int)ExitCode.FolderInUse;
            }

            return Train(prepared, options, settings, runFolder, events, stderr);
        }
        catch (SpecException e)
        {
            return Fail(events, stderr, ErrorKind.Spec, "invalid spec: " + e.Message, ExitCode.Invalid, command);
        }
        catch (DataException e)
        {
            return Fail(events, stderr, ErrorKind.Data, "data: " + e.Message, ExitCode.Invalid, command);
        }
        catch (TorchNotFoundException e)
        {
            return Fail(events, stderr, ErrorKind.Internal, e.Message, ExitCode.Failed, command);
        }
        catch (Exception e) when (e is TorchException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Fail(events, stderr, ErrorKind.Internal, e.Message, ExitCode.Failed, command);
        }
        finally
        {
            folder?.Dispose();
        }
    }

    /// <summary>
    /// Takes the run folder for this process (its lock) and starts appending events to its events
    /// file; false, with one line on stderr, when another worker trains in it.
    /// </summary>
    private static bool TryClaim(string directory, JsonLineWriter events, TextWriter stderr, out RunFolderLock? folder)
    {
        folder = RunFolderLock.TryAcquire(directory);
        if (folder is null)
        {
            var holder = RunFolderLock.HolderPid(directory);
            stderr.WriteLine($"ablate: the run folder {directory} is in use by another worker{(holder is { } pid ? $" (process {pid})" : "")}; "
                + "wait for it to end or stop it");
            return false;
        }

        events.AppendTo(RunFolder.EventsPath(directory));
        return true;
    }

    private static int Validate(PreparedRun run, Options options, TextWriter stdout)
    {
        if (options.Json)
        {
            stdout.WriteLine(RunEventJson.Serialize(ModelSummary.EventFor(run.Plan)));
        }
        else
        {
            stdout.WriteLine($"{run.Data.DatasetName}: {run.Data.TrainCount} train, {run.Data.ValidationCount} validation, {run.Data.TestCount} test, "
                + (run.Data.Task == Data.Tabular.TabularTask.Regression ? "regression" : $"{run.Data.NumClasses} classes"));
            stdout.WriteLine(ModelSummary.Format(run.Plan));
        }

        return (int)ExitCode.Succeeded;
    }

    private static int Train(PreparedRun run, Options options, WorkerSettings settings, string outDir, JsonLineWriter events, TextWriter stderr)
    {
        // Debian's libtorch starts with one intra-op thread whatever the core count; 0 means all cores.
        var threads = run.Spec.Threads ?? options.Threads ?? settings.Threads;
        TorchRuntime.Threads = threads > 0 ? threads : Environment.ProcessorCount;

        var deviceName = options.Device ?? (run.Spec.Device != "auto" ? run.Spec.Device : settings.Device);
        var device = TorchRuntime.Resolve(deviceName);
        if (device.IsCuda && (!TorchRuntime.CudaAvailable || device.Index >= TorchRuntime.CudaDeviceCount))
        {
            throw new SpecException("device", $"{device} was asked for, but libtorch sees {TorchRuntime.CudaDeviceCount} CUDA device(s)");
        }

        var bar = Console.IsErrorRedirected ? null : new ProgressBar(run.Spec.Epochs);
        var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                cancellation.Cancel();
            });
        // The process's cancellation is never disposed: the lifeline's thread may still fire it as the process ends.
        var lifeline = options.Supervised ? Lifeline.Watch(cancellation) : null;
        try
        {
            var trainer = new Trainer(run.Spec, run.Data, run.Plan, new TrainerOptions
            {
                Device = device,
                CheckpointDirectory = outDir,
                Progress = bar is null ? null : bar.Update,
            }, e =>
            {
                events.Write(e);
                if (bar is not null && e is EpochEvent epoch)
                {
                    var m = epoch.Metrics;
                    bar.EndLine($"epoch {m.Epoch}/{epoch.Epochs}: train loss {m.TrainLoss:F4} acc {m.TrainAccuracy:F4} | val acc {m.ValAccuracy:F4} | test acc {m.TestAccuracy:F4} | {m.EpochSeconds:F1}s");
                }
            });
            var result = trainer.Run(cancellation.Token);
            switch (result.Outcome)
            {
                case RunOutcome.Succeeded:
                    return (int)ExitCode.Succeeded;
                case RunOutcome.Diverged:
                    stderr.WriteLine("ablate: diverged: the loss became NaN or infinite");
                    return (int)ExitCode.Diverged;
                default:
                    stderr.WriteLine(lifeline?.Lost == true
                        ? "ablate: the dashboard that started this run is gone; stopped, and the run resumes from its last checkpoint"
                        : "ablate: canceled");
                    return (int)ExitCode.Failed;
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int Fail(JsonLineWriter events, TextWriter stderr, ErrorKind kind, string message, ExitCode code, string command)
    {
        if (command == "run")
        {
            events.Write(new ErrorEvent { Kind = kind, Message = message });
        }

        stderr.WriteLine($"ablate: {message}");
        return (int)code;
    }

    private sealed record Options(string? Out, string? DataRoot, int? Threads, string? Device, string? Config, bool Json, bool Supervised)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(null, null, null, null, null, false, false);
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                o = args[i] switch
                {
                    "--out" => o with { Out = Value() },
                    "--data-root" => o with { DataRoot = Path.GetFullPath(Value()) },
                    "--threads" => o with { Threads = int.TryParse(Value(), out var t) && t > 0 ? t : throw new ArgumentException("--threads needs a positive integer") },
                    "--device" => o with { Device = Value() },
                    "--config" => o with { Config = Value() },
                    "--json" => o with { Json = true },
                    "--supervised" => o with { Supervised = true },
                    _ => throw new ArgumentException($"unknown option '{args[i]}'"),
                };
            }

            return o;
        }
    }
}
