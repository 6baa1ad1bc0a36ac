using System.CommandLine;
using System.Runtime.InteropServices;
using Ablation.Contracts.Events;
using Ablation.Contracts.Specs;
using Ablation.Contracts.Worker;
using Ablation.Training.Cli;
using Ablation.Training.Engine;
using Ablation.Training.Torch;

namespace Ablation.Training.Worker;

/// <summary>
/// `ablate run SPEC.json`: trains one run spec and writes its events, one JSON line each, to the
/// run folder's events file and to stdout; Ctrl-C or SIGTERM stops it between two steps.
/// </summary>
internal sealed class RunCommand : Command
{
    private readonly Argument<string> _spec = new Argument<string>("SPEC") { Description = "The run spec (JSON, docs/run-spec.md)." }.LeavingOptions();

    private readonly Option<string?> _out = new("--out")
    {
        Description = "The run folder for events and checkpoints; the same spec and folder again resumes (default: a new folder under Training:RunsRoot).",
        HelpName = "DIR",
    };

    private readonly Option<int?> _threads = new("--threads")
    {
        Description = "Intra-op threads (Training:Threads; 0 there means every core). A spec's own `threads` wins.",
        HelpName = "N",
        CustomParser = SettingsOptions.PositiveThreads,
    };

    private readonly Option<string?> _device = new("--device")
    {
        Description = "auto, cpu, cuda or cuda:N (Training:Device). A spec's own `device` other than auto wins.",
        HelpName = "DEVICE",
    };

    private readonly Option<bool> _supervised = new("--supervised")
    {
        Description = "Stop, as on SIGTERM, when stdin closes (the dashboard that started this run is gone).",
    };

    private readonly SettingsOptions _settings = new();

    public RunCommand()
        : base("run", "Train a run spec: one JSON line per event on stdout and in the run folder's events.jsonl.")
    {
        _device.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (value != "auto" && !Device.TryParse(value, out _))
            {
                result.AddError($"--device: unknown value '{value}' (expected auto, cpu, cuda or cuda:N)");
            }
        });
        Add(_spec);
        Add(_out);
        Add(_threads);
        Add(_device);
        Add(_supervised);
        _settings.AddTo(this);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        using var events = new JsonLineWriter(stdout);
        RunFolderLock? folder = null;
        try
        {
            return WorkerCommand.Guarded(events, stderr, () =>
            {
                var settings = _settings.Load(parse, new Dictionary<string, string?>
                {
                    [$"{WorkerSettings.Section}:{nameof(WorkerSettings.Threads)}"] = parse.GetValue(_threads)?.ToString(),
                    [$"{WorkerSettings.Section}:{nameof(WorkerSettings.Device)}"] = parse.GetValue(_device),
                }.Where(o => o.Value is not null).ToDictionary());
                var outDir = parse.GetValue(_out);
                if (outDir is not null && !TryClaim(outDir, events, stderr, out folder))
                {
                    return (int)ExitCode.FolderInUse;
                }

                var prepared = PreparedRun.Prepare(SpecReader.ReadFile(parse.GetRequiredValue(_spec)), settings.DataRoot);
                var runFolder = outDir ?? Path.Combine(settings.RunsRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{SpecHash.Of(prepared.Spec)[..8]}");
                if (folder is null && !TryClaim(runFolder, events, stderr, out folder))
                {
                    return (int)ExitCode.FolderInUse;
                }

                return Train(prepared, settings, parse.GetValue(_supervised), runFolder, events, stderr);
            });
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

    private static int Train(PreparedRun run, WorkerSettings settings, bool supervised, string outDir, JsonLineWriter events, TextWriter stderr)
    {
        // The spec's own value wins; the settings fill in what it leaves open. Debian's libtorch
        // starts with one intra-op thread whatever the core count, so 0 (every core) is explicit.
        TorchRuntime.Threads = run.Spec.Threads ?? settings.ThreadsFor(concurrentRuns: 1);
        var device = TorchRuntime.Resolve(run.Spec.Device != "auto" ? run.Spec.Device : settings.Device);
        if (device.IsCuda && (!TorchRuntime.CudaAvailable || device.Index >= TorchRuntime.CudaDeviceCount))
        {
            throw new SpecException("device", $"{device} was asked for, but libtorch sees {TorchRuntime.CudaDeviceCount} CUDA device(s)");
        }

        var bar = ProgressBar.ForTerminal(run.Spec.Epochs);
        var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            cancellation.Cancel();
        });
        // The process's cancellation is never disposed: the lifeline's thread may still fire it as the process ends.
        var lifeline = supervised ? Lifeline.Watch(cancellation) : null;
        try
        {
            var trainer = new Trainer(run.Spec, run.Data, run.Plan, new TrainerOptions
            {
                Device = device,
                CheckpointDirectory = outDir,
                Progress = bar is null ? null : bar.Update,
            }, e =>
            {
                bar?.StepAside();
                events.Write(e);
                if (bar is not null && e is EpochEvent epoch)
                {
                    var m = epoch.Metrics;
                    bar.EndLine($"epoch {m.Epoch}/{epoch.Epochs}: train loss {m.TrainLoss:F4} acc {m.TrainAccuracy:F4} | val acc {m.ValAccuracy:F4} | test acc {m.TestAccuracy:F4} | {m.EpochSeconds:F1}s");
                }
            });
            var result = bar is null ? trainer.Run(cancellation.Token) : bar.Show(() => trainer.Run(cancellation.Token));
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
}
