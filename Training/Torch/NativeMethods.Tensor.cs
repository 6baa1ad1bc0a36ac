using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "abl_tensor_from_data")]
    internal static unsafe partial int TensorFromData(void* data, int dtype, long* shape, int ndim, out TensorHandle result);

    [LibraryImport(Library, EntryPoint = "abl_tensor_zeros")]
    internal static unsafe partial int TensorZeros(int dtype, long* shape, int ndim, int deviceType, int deviceIndex, out TensorHandle result);

    [LibraryImport(Library, EntryPoint = "abl_tensor_free")]
    internal static partial void TensorFree(nint tensor);

    [LibraryImport(Library, EntryPoint = "abl_tensor_ndim")]
    internal static partial int TensorNdim(TensorHandle tensor, out int ndim);

    [LibraryImport(Library, EntryPoint = "abl_tensor_shape")]
    internal static unsafe partial int TensorShape(TensorHandle tensor, long* shape, int capacity);

    [LibraryImport(Library, EntryPoint = "abl_tensor_dtype")]
    internal static partial int TensorDtype(TensorHandle tensor, out int dtype);

    [LibraryImport(Library, EntryPoint = "abl_tensor_copy_to_host")]
    internal static unsafe partial int TensorCopyToHost(TensorHandle tensor, int dtype, void* buffer, long bytes);

    [LibraryImport(Library, EntryPoint = "abl_tensor_item")]
    internal static partial int TensorItem(TensorHandle tensor, out double value);

    [LibraryImport(Library, EntryPoint = "abl_tensor_to_device")]
    internal static partial int TensorToDevice(TensorHandle tensor, int deviceType, int deviceIndex, out TensorHandle result);

    [LibraryImport(Library, EntryPoint = "abl_tensor_index_select")]
    internal static partial int TensorIndexSelect(TensorHandle tensor, int dim, TensorHandle index, out TensorHandle result);

    [LibraryImport(Library, EntryPoint = "abl_tensor_narrow")]
    internal static partial int TensorNarrow(TensorHandle tensor, int dim, long start, long length, out TensorHandle result);

    [LibraryImport(Library, EntryPoint = "abl_tensor_normalize")]
    internal static unsafe partial int TensorNormalize(TensorHandle tensor, float scale, float* mean, float* std, int channels, out TensorHandle result);

    [LibraryImport(Library, EntryPoint = "abl_tensor_argmax")]
    internal static partial int TensorArgmax(TensorHandle tensor, int dim, out TensorHandle result);

    [LibraryImport(Library, EntryPoint = "abl_tensor_accumulate")]
    internal static partial int TensorAccumulate(TensorHandle accumulator, TensorHandle source, double alpha);

    [LibraryImport(Library, EntryPoint = "abl_tensor_accumulate_correct")]
    internal static partial int TensorAccumulateCorrect(TensorHandle accumulator, TensorHandle logits, TensorHandle target);

    [LibraryImport(Library, EntryPoint = "abl_tensor_backward")]
    internal static partial int TensorBackward(TensorHandle tensor);
}
