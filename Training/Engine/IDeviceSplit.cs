using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

/// <summary>One split on the training device: batches of model inputs and their targets.</summary>
internal interface IDeviceSplit : IDisposable
{
    int Count { get; }

    /// <summary>The rows at <paramref name="index"/> (int64 [batch]).</summary>
    (Tensor Inputs, Tensor Targets) Gather(Tensor index);

    (Tensor Inputs, Tensor Targets) Slice(int start, int length);
}

/// <summary>Which of a data set's three splits.</summary>
internal enum SplitRole
{
    Train,
    Validation,
    Test,
}

internal static class DeviceSplits
{
    /// <summary>Puts one split of images or of a table on the device.</summary>
    public static IDeviceSplit Upload(ITrainingData data, SplitRole role, Device device) => data switch
    {
        LoadedData images => new DeviceData(role switch
        {
            SplitRole.Train => images.Train,
            SplitRole.Validation => images.Validation,
            _ => images.Test,
        }, images.Mean, images.Std, device),
        TabularData table => new TableDeviceData(role switch
        {
            SplitRole.Train => table.Train,
            SplitRole.Validation => table.Validation,
            _ => table.Test,
        }, device),
        _ => throw new ArgumentException($"no device upload for {data.GetType().Name}", nameof(data)),
    };
}
