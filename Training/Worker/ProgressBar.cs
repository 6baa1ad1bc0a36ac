using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ablation.Training.Worker;

/// <summary>
/// `ablate run`'s progress bar on stderr (a Spectre.Console live display of one line: the epoch, the
/// last loss read, a bar over the epoch's steps, the steps and the time), drawn only when stderr is
/// a terminal; epoch summaries are printed above it. Nothing of it reaches stdout, whose JSON lines
/// stay as they are: when stdout is a terminal too, the bar gives its line to each of them and is
/// drawn again below it.
/// </summary>
/// <remarks>
/// The display is redrawn only from the training thread (<see cref="Update"/>), never from a timer,
/// so it cannot land in the middle of a JSON line; and it is kept to one line, so that erasing that
/// line is all it takes to step aside (Spectre's progress display pads itself with blank lines).
/// </remarks>
internal sealed class ProgressBar
{
    private const string EraseLine = "\r\u001b[2K";
    private static readonly TimeSpan _redrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly int _epochs;
    private readonly bool _stdoutIsTerminal;
    private readonly IAnsiConsole _console;
    private readonly ProgressTask _task;
    private readonly ProgressColumn[] _columns;
    private LiveDisplayContext? _live;
    private long _lastDraw;

    private ProgressBar(int epochs, bool stdoutIsTerminal)
    {
        _epochs = epochs;
        _stdoutIsTerminal = stdoutIsTerminal;
        // Spectre judges interaction by stdout, which may be a file here; stderr is the terminal.
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        _task = new ProgressTask(0, Describe(1, double.NaN), maxValue: 1);
        // Narrow terminals get a shorter bar, so that the line never wraps.
        _columns =
        [
            new TaskDescriptionColumn { Alignment = Justify.Left },
            new ProgressBarColumn { Width = Math.Clamp(_console.Profile.Width - 50, 5, 30) },
            new StepsColumn(),
            new ElapsedTimeColumn(),
        ];
    }

    /// <summary>
    /// A bar for a run of <paramref name="epochs"/> epochs, or null when stderr is not a terminal
    /// (or is one that cannot move its cursor, TERM=dumb).
    /// </summary>
    public static ProgressBar? ForTerminal(int epochs)
    {
        if (Console.IsErrorRedirected)
        {
            return null;
        }

        var bar = new ProgressBar(epochs, stdoutIsTerminal: !Console.IsOutputRedirected);
        return bar._console.Profile.Capabilities.Ansi ? bar : null;
    }

    /// <summary>Shows the bar while <paramref name="work"/> runs on this thread, and clears it after.</summary>
    public T Show<T>(Func<T> work) =>
        _console.Live(Row()).AutoClear(true).Start(live =>
        {
            _live = live;
            try
            {
                return work();
            }
            finally
            {
                _live = null;
            }
        });

    /// <summary>Called on the training thread at every loss read; redraws at most every 100 ms and at an epoch's last step.</summary>
    public void Update(int epoch, int step, int steps, double loss)
    {
        var now = Environment.TickCount64;
        if (_live is null || (now - _lastDraw < _redrawInterval.TotalMilliseconds && step < steps))
        {
            return;
        }

        _lastDraw = now;
        _task.Description = Describe(epoch, loss);
        _task.MaxValue = steps;
        _task.Value = step;
        _live.UpdateTarget(Row());
        _live.Refresh();
    }

    /// <summary>Before a line goes to stdout: when that is a terminal too, the bar leaves its line to it.</summary>
    public void StepAside()
    {
        if (_stdoutIsTerminal && _live is not null)
        {
            Console.Error.Write(EraseLine);
            Console.Error.Flush();
        }
    }

    /// <summary>A line above the bar (an epoch's summary).</summary>
    public void EndLine(string text)
    {
        Console.Error.Write(EraseLine); // a shorter line must not leave the bar's end showing
        _console.WriteLine(text);
    }

    private Grid Row()
    {
        var options = RenderOptions.Create(_console, _console.Profile.Capabilities);
        var grid = new Grid();
        foreach (var _ in _columns)
        {
            grid.AddColumn(new GridColumn().NoWrap().PadRight(1));
        }

        grid.AddRow([.. _columns.Select(c => c.Render(options, _task, TimeSpan.Zero))]);
        return grid;
    }

    private string Describe(int epoch, double loss) =>
        $"epoch {epoch}/{_epochs}" + (double.IsNaN(loss) ? "" : $" loss {loss.ToString("F4", CultureInfo.InvariantCulture)}");

    /// <summary>"123/422": the steps done in this epoch.</summary>
    private sealed class StepsColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0}"));
    }
}
