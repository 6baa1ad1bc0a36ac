using System.Text;
using Ablation.Contracts.Events;
using Ablation.Contracts.Worker;
using Ablation.Training.Engine;

namespace Ablation.Training.Worker;

/// <summary>
/// Writes each event as one JSON line: first to the run folder's events file (when there is one),
/// which is the record the dashboard stores from, then to stdout for whoever watches. Stdout may
/// be a pipe whose reader is gone (a dashboard killed mid-run): that is no reason to stop, since
/// the file keeps every line, so a failed stdout write only ends the writes to stdout.
/// </summary>
internal sealed class JsonLineWriter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TextWriter _stdout;
    private FileStream? _file;
    private bool _stdoutGone;

    public JsonLineWriter(TextWriter stdout) => _stdout = stdout;

    /// <summary>True once a write to stdout failed (its reader is gone).</summary>
    public bool StdoutGone
    {
        get
        {
            lock (_gate)
            {
                return _stdoutGone;
            }
        }
    }

    /// <summary>
    /// From now on, appends every event to <paramref name="path"/> as well. A line an earlier
    /// worker left half-written (it was killed mid-write) is closed with a line break first, so it
    /// stays one unreadable line that readers skip, instead of merging with the next event.
    /// </summary>
    public void AppendTo(string path)
    {
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        if (file.Length > 0 && LastByte(path) != '\n')
        {
            file.WriteByte((byte)'\n');
        }

        lock (_gate)
        {
            _file = file;
        }
    }

    public void Write(RunEvent e)
    {
        var line = RunEventJson.Serialize(e);
        lock (_gate)
        {
            if (_file is not null)
            {
                _file.Write(Encoding.UTF8.GetBytes(line + "\n"));
                // An epoch's results, a checkpoint and the end are forced to disk: after a power
                // cut the record then holds at least what the checkpoint it resumes from holds.
                _file.Flush(flushToDisk: e is EpochEvent or CheckpointEvent or FinalEvent or DivergedEvent or ErrorEvent);
            }

            if (_stdoutGone)
            {
                return;
            }

            try
            {
                _stdout.WriteLine(line);
                _stdout.Flush();
            }
            catch (IOException)
            {
                _stdoutGone = true;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private static int LastByte(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte();
    }
}
