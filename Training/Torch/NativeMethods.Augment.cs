using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

[StructLayout(LayoutKind.Sequential)]
internal struct AugmentOptionsNative
{
    public int CropPadding;
    public int HorizontalFlip;
    public double RotationDegrees;
    public double Translation;
}

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "abl_augment_batch")]
    internal static partial int AugmentBatch(TensorHandle images, in AugmentOptionsNative options, out TensorHandle result);
}
