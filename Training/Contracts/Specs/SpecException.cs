namespace Ablation.Contracts.Specs;

/// <summary>
/// A spec that cannot run. Each problem names the field (and the value) that caused it; the
/// message joins them into the one line the worker prints.
/// </summary>
public sealed class SpecException(IReadOnlyList<SpecProblem> problems)
    : Exception(string.Join("; ", problems.Select(p => p.ToString())))
{
    public SpecException(string field, string message)
        : this([new SpecProblem(field, message)])
    {
    }

    public IReadOnlyList<SpecProblem> Problems { get; } = problems;
}

public sealed record SpecProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
