using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "abl_module_linear")]
    internal static partial int ModuleLinear(long inFeatures, long outFeatures, int bias, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_conv2d")]
    internal static partial int ModuleConv2d(long inChannels, long outChannels, long kernel, long stride, long padding, int bias, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_batchnorm1d")]
    internal static partial int ModuleBatchNorm1d(long features, double eps, double momentum, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_batchnorm2d")]
    internal static partial int ModuleBatchNorm2d(long features, double eps, double momentum, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_dropout")]
    internal static partial int ModuleDropout(double p, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_activation")]
    internal static partial int ModuleActivation(int kind, double negativeSlope, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_maxpool2d")]
    internal static partial int ModuleMaxPool2d(long kernel, long stride, long padding, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_avgpool2d")]
    internal static partial int ModuleAvgPool2d(long kernel, long stride, long padding, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_adaptive_avgpool2d")]
    internal static partial int ModuleAdaptiveAvgPool2d(long outHeight, long outWidth, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_flatten")]
    internal static partial int ModuleFlatten(out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_sequential")]
    internal static partial int ModuleSequential(out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_sequential_append")]
    internal static partial int SequentialAppend(ModuleHandle sequential, ModuleHandle child);


    [LibraryImport(Library, EntryPoint = "abl_module_residual")]
    internal static partial int ModuleResidual(ModuleHandle body, ModuleHandle shortcut, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_residual")]
    internal static partial int ModuleResidualIdentity(ModuleHandle body, nint shortcut, out ModuleHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_free")]
    internal static partial void ModuleFree(nint module);

    [LibraryImport(Library, EntryPoint = "abl_module_forward")]
    internal static partial int ModuleForward(ModuleHandle module, TensorHandle input, out TensorHandle result);

    [LibraryImport(Library, EntryPoint = "abl_module_set_training")]
    internal static partial int ModuleSetTraining(ModuleHandle module, int training);

    [LibraryImport(Library, EntryPoint = "abl_module_parameter_count")]
    internal static partial int ModuleParameterCount(ModuleHandle module, out long count);

    [LibraryImport(Library, EntryPoint = "abl_module_init_normal")]
    internal static partial int ModuleInitNormal(ModuleHandle module, double std);

    [LibraryImport(Library, EntryPoint = "abl_module_to_device")]
    internal static partial int ModuleToDevice(ModuleHandle module, int deviceType, int deviceIndex);

    [LibraryImport(Library, EntryPoint = "abl_module_save", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ModuleSave(ModuleHandle module, string path);

    [LibraryImport(Library, EntryPoint = "abl_module_load", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ModuleLoad(ModuleHandle module, string path);
}
