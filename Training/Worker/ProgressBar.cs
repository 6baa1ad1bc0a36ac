namespace Ablation.Training.Worker;

/// <summary>A one-line progress bar on stderr, drawn only when stderr is a terminal.</summary>
internal sealed class ProgressBar(int epochs)
{
    private const int Width = 30;
    private long _lastDraw;

    public void Update(int epoch, int step, int steps, double loss)
    {
        var now = Environment.TickCount64;
        if (now - _lastDraw < 100 && step < steps)
        {
            return;
        }

        _lastDraw = now;
        var filled = (int)Math.Round(Width * (double)step / steps);
        Console.Error.Write($"\repoch {epoch}/{epochs} [{new string('#', filled)}{new string('.', Width - filled)}] {step}/{steps} loss {loss:F4}  ");
    }

    public void EndLine(string text) => Console.Error.WriteLine($"\r{text}".PadRight(Width + 40));
}
