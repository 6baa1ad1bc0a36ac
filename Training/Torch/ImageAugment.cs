namespace Ablation.Training.Torch;

/// <summary>
/// Random augmentation of an image batch on its own device (abl_augment.h): pad and crop at a
/// random offset, horizontal flip, rotation and translation, each sample with its own parameters
/// drawn from libtorch's CPU generator, so a seed gives the same batch on the CPU and on a GPU.
/// </summary>
public static class ImageAugment
{
    /// <summary>Returns float32 images of the same shape and scale as <paramref name="images"/> [N, C, H, W].</summary>
    public static Tensor Batch(Tensor images, int cropPadding, bool horizontalFlip, double rotationDegrees, double translation)
    {
        var options = new AugmentOptionsNative
        {
            CropPadding = cropPadding,
            HorizontalFlip = horizontalFlip ? 1 : 0,
            RotationDegrees = rotationDegrees,
            Translation = translation,
        };
        NativeMethods.Check(NativeMethods.AugmentBatch(images.Handle, options, out var h));
        return new Tensor(h);
    }
}
