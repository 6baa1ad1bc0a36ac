using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

// One partial class per native header (abl_*.h); this part holds the library name and abl_common.h.
internal static partial class NativeMethods
{
    internal const string Library = "ablnative";

    [LibraryImport(Library, EntryPoint = "abl_last_error")]
    internal static partial nint LastError();

    [LibraryImport(Library, EntryPoint = "abl_live_objects")]
    internal static partial long LiveObjects();

    [LibraryImport(Library, EntryPoint = "abl_thread_live_objects")]
    internal static partial long ThreadLiveObjects();

    /// <summary>Throws <see cref="TorchException"/> with the native message when a call failed.</summary>
    internal static void Check(int status)
    {
        if (status != 0)
        {
            throw new TorchException(Marshal.PtrToStringUTF8(LastError()) ?? "unknown native error");
        }
    }
}
