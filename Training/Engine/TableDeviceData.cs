using Ablation.Training.Data.Tabular;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

/// <summary>
/// One split of a table on the training device: float32 features [N, F] already standardized, and
/// int64 labels or float32 standardized targets [N].
/// </summary>
internal sealed class TableDeviceData : IDeviceSplit
{
    private readonly Tensor _features;
    private readonly Tensor _targets;

    public TableDeviceData(TableSplit split, Device device)
    {
        Count = split.Count;
        using var features = Tensor.From(split.Features, split.Count, split.FeatureCount);
        using var targets = split.Labels is { } labels ? Tensor.From(labels, split.Count) : Tensor.From(split.Targets!, split.Count);
        _features = features.To(device.IsCuda ? device : Device.Cpu);
        _targets = targets.To(device.IsCuda ? device : Device.Cpu);
    }

    public int Count { get; }

    public (Tensor Inputs, Tensor Targets) Gather(Tensor index) => (_features.IndexSelect(0, index), _targets.IndexSelect(0, index));

    public (Tensor Inputs, Tensor Targets) Slice(int start, int length) => (_features.Narrow(0, start, length), _targets.Narrow(0, start, length));

    public void Dispose()
    {
        _features.Dispose();
        _targets.Dispose();
    }
}
