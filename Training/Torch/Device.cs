namespace Ablation.Training.Torch;

public enum DeviceType
{
    Cpu = 0,
    Cuda = 1,
}

/// <summary>A libtorch device: "cpu", "cuda" or "cuda:N".</summary>
public readonly record struct Device(DeviceType Type, int Index = 0)
{
    public static readonly Device Cpu = new(DeviceType.Cpu);

    public bool IsCuda => Type == DeviceType.Cuda;

    public static bool TryParse(string text, out Device device)
    {
        device = Cpu;
        if (text == "cpu")
        {
            return true;
        }

        if (text == "cuda")
        {
            device = new Device(DeviceType.Cuda);
            return true;
        }

        if (text.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(text.AsSpan(5), out var index) && index >= 0)
        {
            device = new Device(DeviceType.Cuda, index);
            return true;
        }

        return false;
    }

    public override string ToString() => IsCuda ? $"cuda:{Index}" : "cpu";
}
