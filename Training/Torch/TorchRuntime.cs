namespace Ablation.Training.Torch;

/// <summary>Process-wide libtorch settings and facts.</summary>
public static class TorchRuntime
{
    public static unsafe string Version
    {
        get
        {
            var buffer = stackalloc byte[32];
            NativeMethods.Check(NativeMethods.TorchVersion(buffer, 32));
            return new string((sbyte*)buffer);
        }
    }

    public static bool CudaAvailable
    {
        get
        {
            NativeMethods.Check(NativeMethods.CudaIsAvailable(out var available));
            return available != 0;
        }
    }

    public static int CudaDeviceCount
    {
        get
        {
            NativeMethods.Check(NativeMethods.CudaDeviceCount(out var count));
            return count;
        }
    }

    public static int Threads
    {
        get
        {
            NativeMethods.Check(NativeMethods.GetNumThreads(out var threads));
            return threads;
        }
        set => NativeMethods.Check(NativeMethods.SetNumThreads(value));
    }

    /// <summary>Native handles alive right now, created by any thread of the process.</summary>
    public static long LiveObjects => NativeMethods.LiveObjects();

    /// <summary>
    /// Native handles created on this thread minus those freed on it; a training step must leave it
    /// unchanged. Unlike <see cref="LiveObjects"/> it does not move when other threads (other tests,
    /// the finalizer freeing what someone forgot to dispose) create or free handles meanwhile, and a
    /// handle this thread leaks stays counted here even once the finalizer has freed it.
    /// </summary>
    public static long ThreadLiveObjects => NativeMethods.ThreadLiveObjects();

    public static void ManualSeed(ulong seed) => NativeMethods.Check(NativeMethods.ManualSeed(seed));

    /// <summary>Sets up libtorch's thread pool for a thread libtorch did not create.</summary>
    public static void InitThread() => NativeMethods.Check(NativeMethods.InitThread());

    /// <summary>Whether autograd records on this thread.</summary>
    public static bool GradEnabled
    {
        get
        {
            NativeMethods.Check(NativeMethods.IsGradEnabled(out var enabled));
            return enabled != 0;
        }
    }

    /// <summary>
    /// Turns autograd recording off on this thread until the returned scope is disposed, which
    /// puts back the mode it found: a scope inside another leaves recording off.
    /// </summary>
    public static IDisposable NoGrad()
    {
        var previous = GradEnabled;
        NativeMethods.Check(NativeMethods.SetGradEnabled(0));
        return new GradRestorer(previous);
    }

    /// <summary>"auto" picks cuda:0 when libtorch sees a GPU.</summary>
    public static Device Resolve(string device) =>
        device == "auto" ? (CudaAvailable ? new Device(DeviceType.Cuda) : Device.Cpu)
        : Device.TryParse(device, out var parsed) ? parsed
        : throw new ArgumentException($"unknown device '{device}'");

    private sealed class GradRestorer(bool previous) : IDisposable
    {
        public void Dispose() => NativeMethods.Check(NativeMethods.SetGradEnabled(previous ? 1 : 0));
    }
}
