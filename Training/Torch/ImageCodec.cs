namespace Ablation.Training.Torch;

/// <summary>
/// Image files through the shim's stb_image (<c>abl_image.h</c>): header information, decoding to
/// uint8 CHW at a chosen size and channel count, and resizing CHW images already in memory.
/// Calls are thread-safe, so a folder can be decoded on every core.
/// </summary>
public static class ImageCodec
{
    /// <summary>The stored size and channel count (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA) from the header alone.</summary>
    public static ImageFileInfo Info(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeMethods.Check(NativeMethods.ImageInfo(path, out var width, out var height, out var channels));
        return new ImageFileInfo(width, height, channels);
    }

    /// <summary>Decodes <paramref name="path"/> into <paramref name="output"/> as channels×height×width bytes.</summary>
    public static unsafe void Decode(string path, int channels, int height, int width, Span<byte> output)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, channels * height * width);
        fixed (byte* o = output)
        {
            NativeMethods.Check(NativeMethods.ImageDecode(path, channels, height, width, o, output.Length));
        }
    }

    /// <summary>Resizes <paramref name="count"/> CHW images; returns the new pixels.</summary>
    public static unsafe byte[] Resize(
        ReadOnlySpan<byte> input, int count, int channels, int height, int width, int newHeight, int newWidth)
    {
        var inputSize = (long)count * channels * height * width;
        var outputSize = (long)count * channels * newHeight * newWidth;
        ArgumentOutOfRangeException.ThrowIfNotEqual(input.Length, inputSize);
        if (outputSize > Array.MaxLength)
        {
            throw new ArgumentException($"{count} images of {channels}x{newHeight}x{newWidth} exceed the largest array.");
        }

        var output = new byte[outputSize];
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            NativeMethods.Check(NativeMethods.ImageResize(i, count, channels, height, width, o, newHeight, newWidth));
        }

        return output;
    }
}

/// <summary>What an image file's header says.</summary>
public readonly record struct ImageFileInfo(int Width, int Height, int Channels);
