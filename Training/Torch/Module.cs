namespace Ablation.Training.Torch;

public enum Activation
{
    Relu = 0,
    Gelu = 1,
    Sigmoid = 2,
    Tanh = 3,
    LeakyRelu = 4,
}

/// <summary>A libtorch module. Containers share their children, so disposing a child handle is safe.</summary>
public sealed class Module : IDisposable
{
    private Module(ModuleHandle handle) => Handle = handle;

    internal ModuleHandle Handle { get; }

    private static Module Wrap(int status, ModuleHandle handle)
    {
        NativeMethods.Check(status);
        return new Module(handle);
    }

    public static Module Linear(long inFeatures, long outFeatures, bool bias = true) =>
        Wrap(NativeMethods.ModuleLinear(inFeatures, outFeatures, bias ? 1 : 0, out var h), h);

    public static Module Conv2d(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0, bool bias = true) =>
        Wrap(NativeMethods.ModuleConv2d(inChannels, outChannels, kernel, stride, padding, bias ? 1 : 0, out var h), h);

    public static Module BatchNorm1d(long features, double eps = 1e-5, double momentum = 0.1) =>
        Wrap(NativeMethods.ModuleBatchNorm1d(features, eps, momentum, out var h), h);

    public static Module BatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1) =>
        Wrap(NativeMethods.ModuleBatchNorm2d(features, eps, momentum, out var h), h);

    public static Module Dropout(double p) => Wrap(NativeMethods.ModuleDropout(p, out var h), h);

    public static Module Act(Activation kind, double negativeSlope = 0.01) =>
        Wrap(NativeMethods.ModuleActivation((int)kind, negativeSlope, out var h), h);

    public static Module MaxPool2d(long kernel, long stride, long padding = 0) =>
        Wrap(NativeMethods.ModuleMaxPool2d(kernel, stride, padding, out var h), h);

    public static Module AvgPool2d(long kernel, long stride, long padding = 0) =>
        Wrap(NativeMethods.ModuleAvgPool2d(kernel, stride, padding, out var h), h);

    public static Module AdaptiveAvgPool2d(long height, long width) =>
        Wrap(NativeMethods.ModuleAdaptiveAvgPool2d(height, width, out var h), h);

    public static Module Flatten() => Wrap(NativeMethods.ModuleFlatten(out var h), h);

    public static Module Sequential(params Module[] children)
    {
        var sequential = Wrap(NativeMethods.ModuleSequential(out var h), h);
        foreach (var child in children)
        {
            sequential.Append(child);
        }

        return sequential;
    }

    /// <summary>y = body(x) + shortcut(x); a null shortcut is the identity.</summary>
    public static Module Residual(Module body, Module? shortcut) =>
        shortcut is null
            ? Wrap(NativeMethods.ModuleResidualIdentity(body.Handle, nint.Zero, out var h), h)
            : Wrap(NativeMethods.ModuleResidual(body.Handle, shortcut.Handle, out var h2), h2);

    public void Append(Module child) => NativeMethods.Check(NativeMethods.SequentialAppend(Handle, child.Handle));

    public Tensor Forward(Tensor input)
    {
        NativeMethods.Check(NativeMethods.ModuleForward(Handle, input.Handle, out var h));
        return new Tensor(h);
    }

    public void Train(bool training = true) => NativeMethods.Check(NativeMethods.ModuleSetTraining(Handle, training ? 1 : 0));

    public void Eval() => Train(false);

    public long ParameterCount
    {
        get
        {
            NativeMethods.Check(NativeMethods.ModuleParameterCount(Handle, out var count));
            return count;
        }
    }

    /// <summary>Linear and conv weights from N(0, std²), biases zero.</summary>
    public void InitNormal(double std) => NativeMethods.Check(NativeMethods.ModuleInitNormal(Handle, std));

    public void To(Device device) => NativeMethods.Check(NativeMethods.ModuleToDevice(Handle, (int)device.Type, device.Index));

    public void Save(string path) => NativeMethods.Check(NativeMethods.ModuleSave(Handle, path));

    public void Load(string path) => NativeMethods.Check(NativeMethods.ModuleLoad(Handle, path));

    public void Dispose() => Handle.Dispose();
}
