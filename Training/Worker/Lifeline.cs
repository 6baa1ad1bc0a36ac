namespace Ablation.Training.Worker;

/// <summary>
/// A supervised worker's tie to the dashboard that started it: the dashboard holds the write end
/// of the worker's stdin and never writes, so the read sees end-of-file exactly when the dashboard
/// is gone, however it went (a crash, SIGKILL, the out-of-memory killer). The worker then stops
/// between two steps, as on SIGTERM: everything it trained is in the run folder's events file and
/// checkpoint, and the dashboard's next start stores it and resumes the run. A worker therefore
/// never trains on unseen, nor holds its run folder against the next one for longer than a step.
/// </summary>
internal sealed class Lifeline
{
    private volatile bool _lost;

    private Lifeline()
    {
    }

    /// <summary>True once stdin has closed.</summary>
    public bool Lost => _lost;

    public static Lifeline Watch(CancellationTokenSource stop)
    {
        var lifeline = new Lifeline();
        var thread = new Thread(() =>
        {
            try
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[64];
                while (stdin.Read(buffer, 0, buffer.Length) > 0)
                {
                    // Nothing is ever sent; whatever is, is not a reason to stop.
                }
            }
            catch (IOException)
            {
                // A broken stdin is a lost dashboard too.
            }

            lifeline._lost = true;
            stop.Cancel();
        })
        {
            IsBackground = true,
            Name = "dashboard lifeline",
        };
        thread.Start();
        return lifeline;
    }
}
