namespace Ablation.Training.Torch;

public enum OptimizerKind
{
    Sgd = 0,
    Adam = 1,
    AdamW = 2,
    RmsProp = 3,
    Adagrad = 4,
}

public sealed record OptimizerOptions(
    OptimizerKind Kind,
    double Lr,
    double Momentum = 0,
    double Dampening = 0,
    bool Nesterov = false,
    double WeightDecay = 0,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Eps = 1e-8,
    double Alpha = 0.99);

public sealed class Optimizer : IDisposable
{
    private readonly OptimizerHandle _handle;

    public Optimizer(Module module, OptimizerOptions options)
    {
        var native = new OptimizerOptionsNative
        {
            Kind = (int)options.Kind,
            Lr = options.Lr,
            Momentum = options.Momentum,
            Dampening = options.Dampening,
            Nesterov = options.Nesterov ? 1 : 0,
            WeightDecay = options.WeightDecay,
            Beta1 = options.Beta1,
            Beta2 = options.Beta2,
            Eps = options.Eps,
            Alpha = options.Alpha,
        };
        NativeMethods.Check(NativeMethods.OptimCreate(module.Handle, native, out _handle));
    }

    public double LearningRate
    {
        get
        {
            NativeMethods.Check(NativeMethods.OptimGetLr(_handle, out var lr));
            return lr;
        }
        set => NativeMethods.Check(NativeMethods.OptimSetLr(_handle, value));
    }

    public void ZeroGrad() => NativeMethods.Check(NativeMethods.OptimZeroGrad(_handle));

    public void Step() => NativeMethods.Check(NativeMethods.OptimStep(_handle));

    public void Save(string path) => NativeMethods.Check(NativeMethods.OptimSave(_handle, path));

    public void Load(string path) => NativeMethods.Check(NativeMethods.OptimLoad(_handle, path));

    public void Dispose() => _handle.Dispose();
}
