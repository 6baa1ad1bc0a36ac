using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ablation.Training.Worker;

/// <summary>
/// `ablate run`'s progress bar on stderr (Spectre.Console), drawn only when stderr is a terminal:
/// the epoch, a bar over its steps, the last loss read and the time. Epoch summaries are printed
/// above it. Nothing of it reaches stdout, whose JSON lines stay as they are; when stdout is the
/// same terminal, the bar steps aside before each of them and is drawn again below it.
/// </summary>
internal sealed class ProgressBar
{
    // Erase the line the bar is on and return to its start (the bar's own stream, never stdout).
    private const string EraseLine = "\r\u001b[2K";
    private static readonly TimeSpan _redrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly int _epochs;
    private readonly bool _stdoutIsTerminal;
    private readonly IAnsiConsole _console;
    private ProgressContext? _context;
    private ProgressTask? _task;
    private long _lastDraw;

    private ProgressBar(int epochs, bool stdoutIsTerminal)
    {
        _epochs = epochs;
        _stdoutIsTerminal = stdoutIsTerminal;
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }

    /// <summary>A bar for a run of <paramref name="epochs"/> epochs, or null when stderr is not a terminal.</summary>
    public static ProgressBar? ForTerminal(int epochs) =>
        Console.IsErrorRedirected ? null : new ProgressBar(epochs, stdoutIsTerminal: !Console.IsOutputRedirected);

    /// <summary>Shows the bar while <paramref name="work"/> runs on this thread, and clears it after.</summary>
    public T Show<T>(Func<T> work) =>
        _console.Progress()
            .AutoRefresh(false) // drawn from the training thread only, so never in the middle of a JSON line
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 30 }, new StepsColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                _context = context;
                _task = context.AddTask(Describe(1, double.NaN), maxValue: 1);
                return work();
            });

    /// <summary>Called on the training thread at every loss read; redraws at most every 100 ms and at an epoch's last step.</summary>
    public void Update(int epoch, int step, int steps, double loss)
    {
        var now = Environment.TickCount64;
        if (_task is null || (now - _lastDraw < _redrawInterval.TotalMilliseconds && step < steps))
        {
            return;
        }

        _lastDraw = now;
        _task.Description = Describe(epoch, loss);
        _task.MaxValue = steps;
        _task.Value = step;
        _context?.Refresh();
    }

    /// <summary>Before a line goes to stdout: when that is the same terminal, the bar leaves its line to it.</summary>
    public void StepAside()
    {
        if (_stdoutIsTerminal && _context is not null)
        {
            Console.Error.Write(EraseLine);
            Console.Error.Flush();
        }
    }

    /// <summary>A line above the bar (an epoch's summary).</summary>
    public void EndLine(string text) => _console.WriteLine(text);

    private string Describe(int epoch, double loss) =>
        $"epoch {epoch}/{_epochs}" + (double.IsNaN(loss) ? "" : $" loss {loss.ToString("F4", CultureInfo.InvariantCulture)}");

    /// <summary>"123/422": the steps done in this epoch.</summary>
    private sealed class StepsColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text($"{task.Value:0}/{task.MaxValue:0}");
    }
}
