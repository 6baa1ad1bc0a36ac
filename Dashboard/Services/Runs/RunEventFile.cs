using System.Text;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>One complete line of a run's events file and the byte offset just past it.</summary>
public readonly record struct EventFileLine(string Text, long End);

/// <summary>
/// Follows a run folder's events file (docs/worker.md) from a byte offset: each call returns the
/// complete lines written since the last one. A line still being written, or left half-written by
/// a killed worker, is not returned until its line break arrives (the next worker closes it with
/// one). The offset just past a line is what the supervisor stores with that line's points, in
/// the same transaction, so that after any crash reading resumes at the first line not stored.
/// </summary>
public sealed class RunEventFile(string path, long offset) : IDisposable
{
    // A worker's lines are a few kilobytes at most; anything longer is not one of its events and
    // is skipped rather than buffered without end.
    public const int MaxLineBytes = 1 << 20;

    private readonly List<byte> _partial = [];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private FileStream? _stream;
    private long _read = offset;
    private bool _skipping;

    public string Path { get; } = path;

    /// <summary>The offset just past the last complete line returned.</summary>
    public long Offset { get; private set; } = offset;

    /// <summary>Lines longer than <see cref="MaxLineBytes"/> skipped so far.</summary>
    public int SkippedLongLines { get; private set; }

    /// <summary>The complete lines written since the last call; empty when there are none (or no file yet).</summary>
    public List<EventFileLine> ReadNew()
    {
        var lines = new List<EventFileLine>();
        if (_stream is null)
        {
            if (!File.Exists(Path))
            {
                return lines;
            }

            _stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        }

        if (_stream.Length < _read)
        {
            throw new InvalidDataException($"{Path} is shorter ({_stream.Length} bytes) than what was already stored from it ({_read} bytes): it was replaced");
        }

        _stream.Position = _read;
        int count;
        while ((count = _stream.Read(_buffer, 0, _buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < count; i++)
            {
                if (_buffer[i] != (byte)'\n')
                {
                    continue;
                }

                var end = _read + i + 1;
                if (_skipping)
                {
                    _skipping = false;
                }
                else
                {
                    _partial.AddRange(new ArraySegment<byte>(_buffer, start, i - start));
                    lines.Add(new EventFileLine(Encoding.UTF8.GetString([.. _partial]).TrimEnd('\r'), end));
                }

                _partial.Clear();
                Offset = end;
                start = i + 1;
            }

            if (!_skipping)
            {
                _partial.AddRange(new ArraySegment<byte>(_buffer, start, count - start));
                if (_partial.Count > MaxLineBytes)
                {
                    _partial.Clear();
                    _skipping = true;
                    SkippedLongLines++;
                }
            }

            _read += count;
        }

        return lines;
    }

    public void Dispose() => _stream?.Dispose();
}
