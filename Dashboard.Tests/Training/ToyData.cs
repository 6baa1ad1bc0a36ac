using Ablation.Tests.Data;
using Ablation.Training.Data;

namespace Ablation.Tests.Training;

/// <summary>
/// A small, learnable data set in real IDX files: class k lights up one of four quadrants of a
/// 12×12 image, over seeded noise. A few epochs on it separate a working trainer from a broken one.
/// </summary>
internal static class ToyData
{
    public const string Id = "toy";
    public const int Classes = 4;

    public static void Write(string dataRoot, string id = Id, int size = 12, int train = 480, int test = 160, int seed = 7)
    {
        var random = new SeededRandom(seed);
        foreach (var (prefix, count) in new[] { ("train", train), ("t10k", test) })
        {
            var pixels = new byte[count * size * size];
            var labels = new byte[count];
            for (var i = 0; i < count; i++)
            {
                var label = random.NextInt(Classes);
                labels[i] = (byte)label;
                var (top, left) = ((label / 2) * (size / 2), (label % 2) * (size / 2));
                for (var y = 0; y < size; y++)
                {
                    for (var x = 0; x < size; x++)
                    {
                        var inside = y >= top && y < top + (size / 2) && x >= left && x < left + (size / 2);
                        var noise = random.NextInt(90);
                        pixels[(i * size * size) + (y * size) + x] = (byte)(inside ? 150 + noise : noise);
                    }
                }
            }

            var dir = Path.Combine(dataRoot, id);
            IdxTestFiles.Write(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), IdxTestFiles.ImagesBytes(count, size, size, pixels), gzip: false);
            IdxTestFiles.Write(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte.gz"), IdxTestFiles.LabelsBytes(labels), gzip: true);
        }
    }

    /// <summary>A spec for the toy set; callers adjust it with `with` or by setting fields.</summary>
    public static string SpecJson(string model = """{ "family": "cnn", "conv_channels": [4, 8], "batch_norm": true, "dropout": 0.1 }""",
        int epochs = 2, int batch = 32, string optimizer = """{ "name": "adam", "lr": 0.01 }""", int seed = 3, string dataset = Id) => $$"""
        {
          "data": { "dataset": "{{dataset}}", "validation_fraction": 0.2 },
          "model": {{model}},
          "optimizer": {{optimizer}},
          "batch_size": {{batch}}, "epochs": {{epochs}}, "seed": {{seed}}, "device": "cpu", "log_every": 5
        }
        """;
}
