using System.Runtime.InteropServices;

namespace Ablation.Training.Worker;

/// <summary>
/// glibc's allocator hands memory back to the kernel as soon as more than its trim threshold is
/// free at the top of the heap, and serves large blocks with their own mmap. A training step frees
/// and allocates the same few-megabyte tensors every batch, so with the defaults each step faults
/// all of them in again: a 12,000-image CNN run made 5.5 million minor page faults and spent 21 s
/// of its time in the kernel. Keeping freed memory for reuse is what a long-running trainer wants;
/// the worker sets it for itself, before libtorch allocates anything.
/// </summary>
internal static partial class Allocator
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD

    /// <summary>Keep up to 1 GiB of freed heap, and serve blocks up to glibc's 32 MiB limit from the heap.</summary>
    public static void KeepFreedMemory()
    {
        try
        {
            _ = MallOpt(TrimThreshold, 1 << 30);
            _ = MallOpt(MmapThreshold, 32 << 20);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator's defaults stand.
        }
    }

    // "libc.so" is a linker script on glibc systems, so name the real library.
    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
