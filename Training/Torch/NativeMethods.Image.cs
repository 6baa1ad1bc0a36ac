using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "abl_image_info", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ImageInfo(string path, out int width, out int height, out int channels);

    [LibraryImport(Library, EntryPoint = "abl_image_decode", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int ImageDecode(string path, int channels, int height, int width, byte* output, long capacity);

    [LibraryImport(Library, EntryPoint = "abl_image_resize")]
    internal static unsafe partial int ImageResize(
        byte* input, int count, int channels, int inHeight, int inWidth, byte* output, int outHeight, int outWidth);
}
