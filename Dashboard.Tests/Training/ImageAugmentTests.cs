using Ablation.Training.Data;
using Ablation.Training.Torch;

namespace Ablation.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ImageAugmentTests
{
    private const int N = 16, C = 3, H = 6, W = 8;

    private static byte[] RandomImages(int seed = 11)
    {
        var random = new SeededRandom(seed);
        var pixels = new byte[N * C * H * W];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(1 + random.NextInt(255)); // never 0, so padding (0) is told apart from image pixels
        }

        return pixels;
    }

    private static float[] Augment(byte[] pixels, ulong seed, int crop = 0, bool flip = false, double rotate = 0, double translate = 0)
    {
        TorchRuntime.ManualSeed(seed);
        using var scope = DisposeScope.Enter();
        var images = Tensor.From(pixels, N, C, H, W);
        var result = ImageAugment.Batch(images, crop, flip, rotate, translate);
        Assert.Equal([(long)N, C, H, W], result.Shape);
        Assert.Equal(ScalarType.Float32, result.Type);
        return result.ToFloatArray();
    }

    private static float Pixel(byte[] p, int n, int c, int y, int x) =>
        y < 0 || y >= H || x < 0 || x >= W ? 0 : p[(((n * C) + c) * H * W) + (y * W) + x];

    private static bool SampleEquals(float[] output, int n, Func<int, int, int, float> expected)
    {
        for (var c = 0; c < C; c++)
        {
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    if (output[(((n * C) + c) * H * W) + (y * W) + x] != expected(c, y, x))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    [Fact]
    public void SameSeed_GivesTheSameBatch_AnotherSeedAnother()
    {
        var pixels = RandomImages();

        var a = Augment(pixels, 5, crop: 2, flip: true, rotate: 10, translate: 0.1);
        var b = Augment(pixels, 5, crop: 2, flip: true, rotate: 10, translate: 0.1);
        var c = Augment(pixels, 6, crop: 2, flip: true, rotate: 10, translate: 0.1);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(pixels.Select(p => (float)p), a);
    }

    [Fact]
    public void Flip_MirrorsSomeSamplesLeftRight_AndNothingElse()
    {
        var pixels = RandomImages();
        var output = Augment(pixels, 3, flip: true);

        int flipped = 0, kept = 0;
        for (var n = 0; n < N; n++)
        {
            var isKept = SampleEquals(output, n, (c, y, x) => Pixel(pixels, n, c, y, x));
            var isFlipped = SampleEquals(output, n, (c, y, x) => Pixel(pixels, n, c, y, W - 1 - x));
            Assert.False(SampleEquals(output, n, (c, y, x) => Pixel(pixels, n, c, H - 1 - y, x)), $"sample {n} was flipped upside down");
            Assert.True(isKept ^ isFlipped, $"sample {n} is neither the image nor its mirror");
            flipped += isFlipped ? 1 : 0;
            kept += isKept ? 1 : 0;
        }

        Assert.True(flipped > 0 && kept > 0, $"{flipped} flipped, {kept} kept");
    }

    [Fact]
    public void Crop_CutsEachSampleFromTheZeroPaddedImageAtItsOwnOffset()
    {
        var pixels = RandomImages();
        const int padding = 2;
        var output = Augment(pixels, 9, crop: padding);

        var offsets = new HashSet<(int, int)>();
        for (var n = 0; n < N; n++)
        {
            var found = (from dy in Enumerable.Range(-padding, (2 * padding) + 1)
                         from dx in Enumerable.Range(-padding, (2 * padding) + 1)
                         where SampleEquals(output, n, (c, y, x) => Pixel(pixels, n, c, y + dy, x + dx))
                         select (dy, dx)).ToList();
            Assert.True(found.Count == 1, $"sample {n} is no window of its padded image");
            offsets.Add(found[0]);
        }

        Assert.True(offsets.Count > 3, $"only {offsets.Count} distinct offsets over {N} samples");
    }

    [Fact]
    public void RotationAndTranslation_MoveThePictureAndFillWithBlack()
    {
        var constant = Enumerable.Repeat((byte)200, N * C * H * W).ToArray();

        var rotated = Augment(constant, 4, rotate: 45);
        var shifted = Augment(constant, 4, translate: 0.5);

        // The middle of a constant image stays as it was; corners rotate or shift in from outside (black).
        for (var n = 0; n < N; n++)
        {
            Assert.Equal(200f, rotated[(n * C * H * W) + ((H / 2) * W) + (W / 2)], 2);
        }

        Assert.Contains(rotated, v => v < 150);
        Assert.Contains(shifted, v => v < 150);
        Assert.All(rotated.Concat(shifted), v => Assert.InRange(v, 0f, 200.01f));
    }

    [Fact]
    public void NonImageInput_IsRefusedByTheShim()
    {
        using var features = Tensor.From(new float[12], 3, 4);

        var e = Assert.Throws<TorchException>(() => ImageAugment.Batch(features, 2, true, 0, 0));

        Assert.Contains("[N, C, H, W]", e.Message);
    }
}
