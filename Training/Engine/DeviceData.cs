using Ablation.Training.Data;
using Ablation.Contracts.Specs;
using Ablation.Training.Torch;

namespace Ablation.Training.Engine;

/// <summary>
/// One split held on the training device as uint8 images and int64 labels; batches are gathered
/// and normalized there, so only indices cross from the host per step.
/// </summary>
internal sealed class DeviceData : IDeviceSplit
{
    private readonly Tensor _images;
    private readonly Tensor _labels;
    private readonly float _scale = 1f / 255f;
    private readonly float[] _mean;
    private readonly float[] _std;

    public DeviceData(ImageSet set, float[] mean, float[] std, Device device)
    {
        Count = set.Count;
        _mean = mean;
        _std = std;
        using var images = Tensor.From(set.Pixels, set.Count, set.Channels, set.Height, set.Width);
        using var labels = Tensor.From(set.Labels, set.Count);
        _images = device.IsCuda ? images.To(device) : images.To(Device.Cpu);
        _labels = device.IsCuda ? labels.To(device) : labels.To(Device.Cpu);
    }

    public int Count { get; }

    public (Tensor Inputs, Tensor Targets) Gather(Tensor index)
    {
        using var raw = _images.IndexSelect(0, index);
        return (raw.Normalize(_scale, _mean, _std), _labels.IndexSelect(0, index));
    }

    /// <summary>A batch as <see cref="Gather"/> gives it, with the images augmented before normalization (padding is black, as in torchvision).</summary>
    public (Tensor Inputs, Tensor Targets) GatherAugmented(Tensor index, Augmentation augmentation)
    {
        using var raw = _images.IndexSelect(0, index);
        using var augmented = ImageAugment.Batch(raw, augmentation.CropPadding, augmentation.HorizontalFlip,
            augmentation.RotationDegrees, augmentation.Translation);
        return (augmented.Normalize(_scale, _mean, _std), _labels.IndexSelect(0, index));
    }

    public (Tensor Inputs, Tensor Targets) Slice(int start, int length)
    {
        using var raw = _images.Narrow(0, start, length);
        return (raw.Normalize(_scale, _mean, _std), _labels.Narrow(0, start, length));
    }

    public void Dispose()
    {
        _images.Dispose();
        _labels.Dispose();
    }
}
