using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "abl_loss")]
    internal static partial int Loss(int kind, TensorHandle input, TensorHandle target, double parameter, out TensorHandle result);
}
