using Ablation.Training.Engine;

namespace Ablation.Training.Worker;

/// <summary>Writes each event as one JSON line and flushes, so a reader sees it at once.</summary>
internal sealed class JsonLineWriter(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(RunEvent e)
    {
        var line = RunEventJson.Serialize(e);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
