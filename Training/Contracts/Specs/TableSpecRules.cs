namespace Ablation.Contracts.Specs;

/// <summary>The ranges of the data fields that only tables use: data.task and data.split.</summary>
internal static class TableSpecRules
{
    public static void Check(DataSpec data, Action<string, string> fail)
    {
        if (data.Task is { } task && !Vocabulary.Tasks.Contains(task))
        {
            fail("data.task", $"unknown value '{task}' (expected one of {string.Join(", ", Vocabulary.Tasks)})");
        }

        if (data.Target is { } target && string.IsNullOrWhiteSpace(target))
        {
            fail("data.target", "is empty (name a column, or leave it out)");
        }

        if (data.Split is not { } split)
        {
            return;
        }

        if (split.Length != 3)
        {
            fail("data.split", $"needs 3 proportions (train, validation, test) such as [4, 1, 1], got {split.Length}");
        }
        else if (split.Any(p => !double.IsFinite(p) || p < 0) || split[0] <= 0 || split[2] <= 0)
        {
            fail("data.split", $"[{string.Join(", ", split)}]: proportions must be finite and not negative, with train and test above 0");
        }
    }
}
