namespace Ablation.Contracts.Specs;

/// <summary>
/// The device names of a run spec and the worker's --device: "cpu", "cuda" or "cuda:N" (and "auto"
/// where a choice is left to the worker). Only the spelling is checked here; whether the machine
/// has that device is the worker's check, against libtorch.
/// </summary>
public static class DeviceName
{
    public const string Auto = "auto";
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    /// <summary>Parses "cpu", "cuda" or "cuda:N" (N ≥ 0); <paramref name="cudaIndex"/> is null for the CPU.</summary>
    public static bool TryParse(string text, out int? cudaIndex)
    {
        cudaIndex = null;
        if (text == Cpu)
        {
            return true;
        }

        if (text == Cuda)
        {
            cudaIndex = 0;
            return true;
        }

        if (text.StartsWith(Cuda + ":", StringComparison.Ordinal) && int.TryParse(text.AsSpan(Cuda.Length + 1), out var index) && index >= 0)
        {
            cudaIndex = index;
            return true;
        }

        return false;
    }
}
