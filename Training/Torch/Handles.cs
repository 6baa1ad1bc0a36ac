using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

// One SafeHandle per owned native object: the runtime frees it exactly once, even when a caller
// forgets Dispose, and never while a native call is using it.

internal sealed class TensorHandle() : SafeHandle(nint.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.TensorFree(handle);
        return true;
    }
}

internal sealed class ModuleHandle() : SafeHandle(nint.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.ModuleFree(handle);
        return true;
    }
}

internal sealed class OptimizerHandle() : SafeHandle(nint.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.OptimFree(handle);
        return true;
    }
}
