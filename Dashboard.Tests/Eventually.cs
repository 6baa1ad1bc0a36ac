namespace Ablation.Tests;

/// <summary>Waits on a condition (never on a fixed delay): polls it until it holds, failing with what was awaited after a generous limit.</summary>
internal static class Eventually
{
    public static async Task UntilAsync(Func<bool> done, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {seconds} s for {what}");
            }

            await Task.Delay(20);
        }
    }
}
