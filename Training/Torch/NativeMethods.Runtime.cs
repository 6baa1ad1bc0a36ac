using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "abl_torch_version")]
    internal static unsafe partial int TorchVersion(byte* buffer, int capacity);

    [LibraryImport(Library, EntryPoint = "abl_manual_seed")]
    internal static partial int ManualSeed(ulong seed);

    [LibraryImport(Library, EntryPoint = "abl_cuda_is_available")]
    internal static partial int CudaIsAvailable(out int available);

    [LibraryImport(Library, EntryPoint = "abl_cuda_device_count")]
    internal static partial int CudaDeviceCount(out int count);

    [LibraryImport(Library, EntryPoint = "abl_set_num_threads")]
    internal static partial int SetNumThreads(int threads);

    [LibraryImport(Library, EntryPoint = "abl_get_num_threads")]
    internal static partial int GetNumThreads(out int threads);

    [LibraryImport(Library, EntryPoint = "abl_init_thread")]
    internal static partial int InitThread();

    [LibraryImport(Library, EntryPoint = "abl_set_grad_enabled")]
    internal static partial int SetGradEnabled(int enabled);

    [LibraryImport(Library, EntryPoint = "abl_is_grad_enabled")]
    internal static partial int IsGradEnabled(out int enabled);
}
