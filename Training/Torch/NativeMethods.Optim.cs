using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

[StructLayout(LayoutKind.Sequential)]
internal struct OptimizerOptionsNative
{
    public int Kind;
    public double Lr;
    public double Momentum;
    public double Dampening;
    public int Nesterov;
    public double WeightDecay;
    public double Beta1;
    public double Beta2;
    public double Eps;
    public double Alpha;
}

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "abl_optim_create")]
    internal static partial int OptimCreate(ModuleHandle module, in OptimizerOptionsNative options, out OptimizerHandle result);

    [LibraryImport(Library, EntryPoint = "abl_optim_free")]
    internal static partial void OptimFree(nint optim);

    [LibraryImport(Library, EntryPoint = "abl_optim_zero_grad")]
    internal static partial int OptimZeroGrad(OptimizerHandle optim);

    [LibraryImport(Library, EntryPoint = "abl_optim_step")]
    internal static partial int OptimStep(OptimizerHandle optim);

    [LibraryImport(Library, EntryPoint = "abl_optim_set_lr")]
    internal static partial int OptimSetLr(OptimizerHandle optim, double lr);

    [LibraryImport(Library, EntryPoint = "abl_optim_get_lr")]
    internal static partial int OptimGetLr(OptimizerHandle optim, out double lr);

    [LibraryImport(Library, EntryPoint = "abl_optim_save", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OptimSave(OptimizerHandle optim, string path);

    [LibraryImport(Library, EntryPoint = "abl_optim_load", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OptimLoad(OptimizerHandle optim, string path);
}
