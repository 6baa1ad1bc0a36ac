using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

public enum ScalarType
{
    Float32 = 0,
    UInt8 = 1,
    Int64 = 2,
}

/// <summary>A libtorch tensor. Created inside a <see cref="DisposeScope"/>, it is freed with the scope.</summary>
public sealed class Tensor : IDisposable
{
    internal Tensor(TensorHandle handle)
    {
        Handle = handle;
        DisposeScope.Track(this);
    }

    internal TensorHandle Handle { get; }

    public static Tensor From(ReadOnlySpan<float> data, params long[] shape) => FromSpan(data, ScalarType.Float32, shape);

    public static Tensor From(ReadOnlySpan<byte> data, params long[] shape) => FromSpan(data, ScalarType.UInt8, shape);

    public static Tensor From(ReadOnlySpan<long> data, params long[] shape) => FromSpan(data, ScalarType.Int64, shape);

    public static unsafe Tensor Zeros(ScalarType type, Device device, params long[] shape)
    {
        fixed (long* s = shape)
        {
            NativeMethods.Check(NativeMethods.TensorZeros((int)type, s, shape.Length, (int)device.Type, device.Index, out var h));
            return new Tensor(h);
        }
    }

    private static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, ScalarType type, long[] shape)
        where T : unmanaged
    {
        long count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] needs {count} elements, got {data.Length}");
        }

        fixed (T* d = data)
        fixed (long* s = shape)
        {
            NativeMethods.Check(NativeMethods.TensorFromData(d, (int)type, s, shape.Length, out var h));
            return new Tensor(h);
        }
    }

    public unsafe long[] Shape
    {
        get
        {
            NativeMethods.Check(NativeMethods.TensorNdim(Handle, out var ndim));
            var shape = new long[ndim];
            fixed (long* s = shape)
            {
                NativeMethods.Check(NativeMethods.TensorShape(Handle, s, ndim));
            }

            return shape;
        }
    }

    public ScalarType Type
    {
        get
        {
            NativeMethods.Check(NativeMethods.TensorDtype(Handle, out var dtype));
            return (ScalarType)dtype;
        }
    }

    public double Item()
    {
        NativeMethods.Check(NativeMethods.TensorItem(Handle, out var value));
        return value;
    }

    public float[] ToFloatArray() => ToArray<float>(ScalarType.Float32);

    public long[] ToInt64Array() => ToArray<long>(ScalarType.Int64);

    public byte[] ToByteArray() => ToArray<byte>(ScalarType.UInt8);

    private unsafe T[] ToArray<T>(ScalarType type)
        where T : unmanaged
    {
        long count = 1;
        foreach (var dim in Shape)
        {
            count *= dim;
        }

        var result = new T[count];
        fixed (T* r = result)
        {
            NativeMethods.Check(NativeMethods.TensorCopyToHost(Handle, (int)type, r, count * sizeof(T)));
        }

        return result;
    }

    public Tensor To(Device device)
    {
        NativeMethods.Check(NativeMethods.TensorToDevice(Handle, (int)device.Type, device.Index, out var h));
        return new Tensor(h);
    }

    public Tensor IndexSelect(int dim, Tensor index)
    {
        NativeMethods.Check(NativeMethods.TensorIndexSelect(Handle, dim, index.Handle, out var h));
        return new Tensor(h);
    }

    public Tensor Narrow(int dim, long start, long length)
    {
        NativeMethods.Check(NativeMethods.TensorNarrow(Handle, dim, start, length, out var h));
        return new Tensor(h);
    }

    /// <summary>To float32: x * scale, then (x - mean[c]) / std[c] over dim 1 (one value applies to all).</summary>
    public unsafe Tensor Normalize(float scale, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (mean.Length != std.Length || mean.Length == 0)
        {
            throw new ArgumentException("mean and std need the same, non-zero length");
        }

        fixed (float* m = mean)
        fixed (float* s = std)
        {
            NativeMethods.Check(NativeMethods.TensorNormalize(Handle, scale, m, s, mean.Length, out var h));
            return new Tensor(h);
        }
    }

    public Tensor Argmax(int dim)
    {
        NativeMethods.Check(NativeMethods.TensorArgmax(Handle, dim, out var h));
        return new Tensor(h);
    }

    /// <summary>this += alpha * source, without recording autograd history.</summary>
    public void Accumulate(Tensor source, double alpha = 1.0) =>
        NativeMethods.Check(NativeMethods.TensorAccumulate(Handle, source.Handle, alpha));

    /// <summary>this += number of rows of <paramref name="logits"/> whose argmax equals <paramref name="target"/>.</summary>
    public void AccumulateCorrect(Tensor logits, Tensor target) =>
        NativeMethods.Check(NativeMethods.TensorAccumulateCorrect(Handle, logits.Handle, target.Handle));

    public void Backward() => NativeMethods.Check(NativeMethods.TensorBackward(Handle));

    public void Dispose() => Handle.Dispose();
}
