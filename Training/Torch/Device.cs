using Ablation.Contracts.Specs;

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
        var parsed = DeviceName.TryParse(text, out var cuda);
        device = cuda is { } index ? new Device(DeviceType.Cuda, index) : Cpu;
        return parsed;
    }

    public override string ToString() => IsCuda ? $"cuda:{Index}" : "cpu";
}
