namespace Ablation.Training.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope and disposes them
/// together, so a training step frees its intermediates in one place instead of at GC time.
/// Tensors that must outlive the scope are handed out with <see cref="Keep"/>.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic]
    private static DisposeScope? _current;

    private readonly DisposeScope? _outer;
    private readonly List<IDisposable> _owned = [];
    private bool _disposed;

    private DisposeScope()
    {
        _outer = _current;
        _current = this;
    }

    public static DisposeScope Enter() => new();

    internal static void Track(IDisposable item) => _current?._owned.Add(item);

    /// <summary>Removes <paramref name="tensor"/> from this scope and hands it to the outer one, if any.</summary>
    public T Keep<T>(T tensor)
        where T : IDisposable
    {
        _owned.Remove(tensor);
        _outer?._owned.Add(tensor);
        return tensor;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _current = _outer;
        foreach (var item in _owned)
        {
            item.Dispose();
        }

        _owned.Clear();
    }
}
