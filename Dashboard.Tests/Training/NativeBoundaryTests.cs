using System.Runtime.InteropServices;
using Ablation.Training.Torch;

namespace Ablation.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class NativeBoundaryTests
{
    [Fact]
    public void Tensor_RoundTripsFloatByteAndInt64()
    {
        using var f = Tensor.From(new[] { 1.5f, -2f, 3f, 4f, 5f, 6f }, 2, 3);
        using var b = Tensor.From(new byte[] { 0, 128, 255 }, 3);
        using var l = Tensor.From(new long[] { long.MaxValue, -7 }, 2);

        Assert.Equal([2L, 3L], f.Shape);
        Assert.Equal([1.5f, -2f, 3f, 4f, 5f, 6f], f.ToFloatArray());
        Assert.Equal([0, 128, 255], b.ToByteArray());
        Assert.Equal([long.MaxValue, -7L], l.ToInt64Array());
        Assert.Equal(ScalarType.UInt8, b.Type);
    }

    [Fact]
    public void NativeError_BecomesTorchExceptionWithLibtorchMessage()
    {
        using var linear = Module.Linear(4, 2);
        using var wrongWidth = Tensor.From(new float[6], 2, 3);

        var e = Assert.Throws<TorchException>(() => linear.Forward(wrongWidth));

        Assert.Contains("2x3", e.Message);
        Assert.DoesNotContain("Exception raised from", e.Message); // no C++ backtrace
    }

    [Fact]
    public void NoGrad_PutsBackTheModeItFound_SoANestedScopeLeavesRecordingOff()
    {
        Assert.True(TorchRuntime.GradEnabled);
        using (TorchRuntime.NoGrad())
        {
            using (TorchRuntime.NoGrad())
            {
                Assert.False(TorchRuntime.GradEnabled);
            }

            Assert.False(TorchRuntime.GradEnabled); // the inner scope does not turn recording back on
        }

        Assert.True(TorchRuntime.GradEnabled);
    }

    [Fact]
    public unsafe void LibtorchMultipliesOnOpenBlas_AndTheThreadCountReachesIt()
    {
        using var warm = Module.Linear(4, 2); // libtorch, and the BLAS it links, are loaded
        // Already loaded as libtorch's dependency: this gives the same library, whichever build it is.
        Assert.True(NativeLibrary.TryLoad("libblas.so.3", out var blas), "libblas.so.3 could not be loaded");
        Assert.True(NativeLibrary.TryGetExport(blas, "openblas_get_num_threads", out var get),
            "libtorch's libblas.so.3 is not OpenBLAS but (likely) the reference BLAS, 20 to 50 times slower: install libopenblas0-openmp (scripts/setup.sh)");
        var openblasThreads = (delegate* unmanaged<int>)get;
        var before = TorchRuntime.Threads;
        try
        {
            TorchRuntime.Threads = 1;
            Assert.Equal(1, openblasThreads());
            TorchRuntime.Threads = 3;
            Assert.Equal(3, openblasThreads());
        }
        finally
        {
            TorchRuntime.Threads = before;
        }
    }

    [Fact]
    public void InvalidArgument_IsRefusedByTheShimNotCrashed()
    {
        var e = Assert.Throws<TorchException>(() => Module.Dropout(1.5));
        Assert.Contains("dropout must be in [0, 1)", e.Message);
    }

    [Fact]
    public void Normalize_ScalesThenStandardizesPerChannel()
    {
        using var image = Tensor.From(new byte[] { 0, 255, 51, 102 }, 1, 2, 2, 1);
        using var normalized = image.Normalize(1f / 255f, [0.5f, 0.2f], [0.5f, 0.2f]);

        var values = normalized.ToFloatArray();
        Assert.Equal(-1f, values[0], 5);
        Assert.Equal(1f, values[1], 5);
        Assert.Equal(0f, values[2], 5);
        Assert.Equal(1f, values[3], 5);
    }

    // The counts below are this thread's (TorchRuntime.ThreadLiveObjects), not the process's: the
    // finalizer may free another test's forgotten tensors at any moment, which moved the global count
    // down in the middle of a measurement.

    [Fact]
    public void DisposeScope_FreesEveryTensorCreatedInside_ButKeepsWhatIsKept()
    {
        var before = TorchRuntime.ThreadLiveObjects;
        Tensor kept;
        using (var scope = DisposeScope.Enter())
        {
            var a = Tensor.From(new float[] { 1, 2 }, 2);
            _ = a.Argmax(0);
            kept = scope.Keep(Tensor.From(new float[] { 3 }, 1));
            Assert.Equal(before + 3, TorchRuntime.ThreadLiveObjects);
        }

        Assert.Equal(before + 1, TorchRuntime.ThreadLiveObjects);
        Assert.Equal([3f], kept.ToFloatArray());
        kept.Dispose();
        Assert.Equal(before, TorchRuntime.ThreadLiveObjects);
    }

    [Fact]
    public void ThreadLiveObjects_CountsThisThreadsHandlesOnly_AndALeakStaysCountedAfterTheFinalizerFreedIt()
    {
        var before = TorchRuntime.ThreadLiveObjects;

        // Another thread creates and frees, and leaves one alive: none of it is this thread's.
        Tensor? elsewhere = null;
        var other = new Thread(() =>
        {
            using (Tensor.From(new float[] { 1 }, 1))
            {
            }

            elsewhere = Tensor.From(new float[] { 2 }, 1);
        });
        other.Start();
        other.Join();
        Assert.Equal(before, TorchRuntime.ThreadLiveObjects);
        elsewhere!.Dispose(); // freed here, created there: this thread's balance goes one below
        Assert.Equal(before - 1, TorchRuntime.ThreadLiveObjects);

        // A tensor this thread forgets: the finalizer frees it (on its own thread), and it stays counted here.
        var forgotten = Forget();
        Assert.Equal(before, TorchRuntime.ThreadLiveObjects);
        for (var collections = 0; forgotten.IsAlive; collections++)
        {
            Assert.True(collections < 100, "the forgotten tensor's handle was never finalized");
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(before, TorchRuntime.ThreadLiveObjects);

        // Tracks the handle past its finalizer: not alive any more means its ReleaseHandle has run.
        static WeakReference Forget() => new(Tensor.From(new float[] { 3 }, 1).Handle, trackResurrection: true);
    }

    [Fact]
    public void ThousandTrainingSteps_DoNotGrowLiveNativeObjects()
    {
        TorchRuntime.ManualSeed(1);
        using var model = Module.Sequential(Module.Linear(8, 16), Module.Act(Activation.Relu), Module.Linear(16, 3));
        using var optimizer = new Optimizer(model, new OptimizerOptions(OptimizerKind.Sgd, 0.05, Momentum: 0.9));
        var inputs = Enumerable.Range(0, 32 * 8).Select(i => (float)Math.Sin(i)).ToArray();
        var targets = Enumerable.Range(0, 32).Select(i => (long)(i % 3)).ToArray();

        void Step()
        {
            using var scope = DisposeScope.Enter();
            var x = Tensor.From(inputs, 32, 8);
            var y = Tensor.From(targets, 32);
            var loss = Loss.Compute(LossKind.CrossEntropy, model.Forward(x), y);
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
            _ = loss.Item();
        }

        for (var i = 0; i < 10; i++)
        {
            Step(); // warm-up: the optimizer's state is created on its first steps
        }

        var baseline = TorchRuntime.ThreadLiveObjects;
        for (var i = 0; i < 1000; i++)
        {
            Step();
        }

        Assert.Equal(baseline, TorchRuntime.ThreadLiveObjects);
    }

    [Fact]
    public void LearningRate_CanBeChangedBetweenSteps()
    {
        using var model = Module.Linear(2, 1);
        using var optimizer = new Optimizer(model, new OptimizerOptions(OptimizerKind.Adam, 0.01));

        optimizer.LearningRate = 0.25;

        Assert.Equal(0.25, optimizer.LearningRate);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.Adagrad)]
    public void EveryOptimizer_ReducesTheLossOfALinearFit(OptimizerKind kind)
    {
        TorchRuntime.ManualSeed(5);
        using var model = Module.Linear(3, 1);
        using var optimizer = new Optimizer(model, new OptimizerOptions(kind, 0.05, Momentum: kind == OptimizerKind.Sgd ? 0.5 : 0));
        var x = new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1 };
        var y = new float[] { 1, -2, 3, 2 };

        double LossNow(bool step)
        {
            using var scope = DisposeScope.Enter();
            var loss = Loss.Compute(LossKind.Mse, model.Forward(Tensor.From(x, 4, 3)), Tensor.From(y, 4, 1));
            if (step)
            {
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
            }

            return loss.Item();
        }

        var first = LossNow(step: false);
        for (var i = 0; i < 50; i++)
        {
            LossNow(step: true);
        }

        Assert.True(LossNow(step: false) < first * 0.5, $"{kind} did not reduce the loss from {first}");
    }

    [Fact]
    public void Losses_MatchHandComputedValues()
    {
        using var scope = DisposeScope.Enter();
        var logits = Tensor.From(new float[] { 2, 0, 0, 0, 1, 3 }, 2, 3);
        var target = Tensor.From(new long[] { 0, 2 }, 2);

        // Cross-entropy: mean of -log softmax at the target.
        var ce = (-Math.Log(Math.Exp(2) / (Math.Exp(2) + 2)) - Math.Log(Math.Exp(3) / (1 + Math.Exp(1) + Math.Exp(3)))) / 2;
        Assert.Equal(ce, Loss.Compute(LossKind.CrossEntropy, logits, target).Item(), 5);

        // Euclidean: 0.5 * sum (x - onehot)^2, mean over rows: row0 (1,0,0) → 0.5*1; row1 (0,1,-0... ) → 0.5*(0+1+4)
        Assert.Equal((0.5 + 2.5) / 2, Loss.Compute(LossKind.Euclidean, logits, target).Item(), 5);

        // Multi-class hinge with margin 5: sum_{j≠y} max(0, m - x_y + x_j) / classes, mean over rows.
        var hinge = ((5 - 2 + 0) + (5 - 2 + 0)) / 3.0;
        var hinge2 = ((5 - 3 + 0) + (5 - 3 + 1)) / 3.0;
        Assert.Equal((hinge + hinge2) / 2, Loss.Compute(LossKind.MultiMargin, logits, target, 5).Item(), 5);

        // Label smoothing 1.0 makes the target uniform: loss = mean over rows of -mean log softmax.
        var smoothed = Loss.Compute(LossKind.CrossEntropy, logits, target, 1.0).Item();
        var row0 = -(2 - Math.Log(Math.Exp(2) + 2) + (2 * (0 - Math.Log(Math.Exp(2) + 2)))) / 3;
        var z1 = Math.Log(1 + Math.Exp(1) + Math.Exp(3));
        var row1 = -((0 - z1) + (1 - z1) + (3 - z1)) / 3;
        Assert.Equal((row0 + row1) / 2, smoothed, 5);
    }

    [Fact]
    public void ModuleState_SavesAndLoadsExactly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"abl-{Guid.NewGuid():N}.pt");
        try
        {
            using var input = Tensor.From(new float[] { 1, 2, 3 }, 1, 3);
            TorchRuntime.ManualSeed(1);
            using var a = Module.Sequential(Module.Linear(3, 4), Module.BatchNorm1d(4), Module.Linear(4, 2));
            a.Eval();
            a.Save(path);
            TorchRuntime.ManualSeed(2);
            using var b = Module.Sequential(Module.Linear(3, 4), Module.BatchNorm1d(4), Module.Linear(4, 2));
            b.Eval();
            using var before = b.Forward(input);
            Assert.NotEqual(a.Forward(input).ToFloatArray(), before.ToFloatArray());

            b.Load(path);

            Assert.Equal(a.Forward(input).ToFloatArray(), b.Forward(input).ToFloatArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InitNormal_DrawsWeightsWithTheGivenStd()
    {
        TorchRuntime.ManualSeed(3);
        using var linear = Module.Linear(400, 500);
        linear.InitNormal(0.01);
        using var ones = Tensor.From(Enumerable.Repeat(1f, 400).ToArray(), 1, 400);

        // Each output is a sum of 400 weights (bias zero): std 0.01 * sqrt(400) = 0.2.
        var outputs = linear.Forward(ones).ToFloatArray();
        var std = Math.Sqrt(outputs.Select(v => (double)v * v).Average());
        Assert.InRange(std, 0.17, 0.23);
    }
}
