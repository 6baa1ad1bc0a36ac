using System.CommandLine;
using Ablation.Contracts.Events;
using Ablation.Contracts.Specs;
using Ablation.Contracts.Worker;
using Ablation.Training.Cli;
using Ablation.Training.Data;
using Ablation.Training.Engine;
using Ablation.Training.Torch;
using Ablation.Training.Watch;
using Microsoft.AspNetCore.Http.Connections.Client;

namespace Ablation.Training.Worker;

/// <summary>
/// The worker's command line: `ablate run`, `ablate validate`, `ablate inspect`, `ablate watch` (one class each; a
/// new subcommand is one more class and one more line in <see cref="Create"/>). Exit codes: 0 done,
/// 2 invalid spec, data, settings or command line, 3 diverged, 4 the run folder is in use by
/// another worker, 1 anything else (including a canceled run).
/// </summary>
public static class WorkerCommand
{
    /// <summary>The command tree; each command writes to the invocation's output and error writers.</summary>
    /// <param name="hub">How `watch` reaches the hub; tests pass the test server's transport.</param>
    public static RootCommand Create(Action<HttpConnectionOptions>? hub = null) =>
        new("The training worker of the ablation dashboard: trains one run spec, or checks it, or follows a dashboard's runs. "
            + "(The dashboard's users: ablate user --help.)")
        {
            new RunCommand(),
            new ValidateCommand(),
            new InspectCommand(),
            new WatchCommand(hub),
        };

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        CommandLineRunner.Invoke(Create(), args, stdout, stderr);

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Action<HttpConnectionOptions>? hub = null, CancellationToken cancel = default) =>
        CommandLineRunner.InvokeAsync(Create(hub), args, stdout, stderr, cancel);

    /// <summary>
    /// Runs the body of `run` or `validate` (or another command on a spec) and turns what goes wrong into its exit code and one line
    /// on stderr; `run` also writes it as an error event (to the run folder too, once claimed).
    /// </summary>
    internal static int Guarded(JsonLineWriter? events, TextWriter stderr, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (SettingsException e)
        {
            // The command line or the configuration: nothing about the run, so no event.
            stderr.WriteLine($"ablate: {e.Message}");
            return (int)ExitCode.Invalid;
        }
        catch (SpecException e)
        {
            return Fail(events, stderr, ErrorKind.Spec, "invalid spec: " + e.Message, (int)ExitCode.Invalid);
        }
        catch (DataException e)
        {
            return Fail(events, stderr, ErrorKind.Data, "data: " + e.Message, (int)ExitCode.Invalid);
        }
        catch (TorchNotFoundException e)
        {
            return Fail(events, stderr, ErrorKind.Internal, e.Message, (int)ExitCode.Failed);
        }
        catch (Exception e) when (e is TorchException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Fail(events, stderr, ErrorKind.Internal, e.Message, (int)ExitCode.Failed);
        }
    }

    private static int Fail(JsonLineWriter? events, TextWriter stderr, ErrorKind kind, string message, int code)
    {
        events?.Write(new ErrorEvent { Kind = kind, Message = message });
        stderr.WriteLine($"ablate: {message}");
        return code;
    }
}
