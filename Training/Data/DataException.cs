namespace Ablation.Training.Data;

/// <summary>
/// A problem with the user's data (a missing or malformed file, a bad dataset id, an impossible
/// split). The message is one line that names the file or dataset, so the worker can print it on
/// stderr as is and the dashboard can show it without a stack trace.
/// </summary>
public sealed class DataException : Exception
{
    public DataException(string message)
        : base(message)
    {
    }

    public DataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static DataException ForFile(string path, string problem, Exception? inner = null) =>
        inner is null ? new DataException($"{path}: {problem}") : new DataException($"{path}: {problem}", inner);
}
