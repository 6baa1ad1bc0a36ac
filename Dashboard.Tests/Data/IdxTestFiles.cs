using System.Buffers.Binary;
using System.IO.Compression;
using Ablation.Training.Data;

namespace Ablation.Tests.Data;

/// <summary>A fresh folder under the system temp directory, deleted with everything in it on dispose.</summary>
internal sealed class TempDataRoot : IDisposable
{
    public TempDataRoot()
    {
        Path = Directory.CreateTempSubdirectory("ablation-data-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}

/// <summary>Writes IDX files in exactly the format of the MNIST distribution (big-endian header, unsigned bytes).</summary>
internal static class IdxTestFiles
{
    public static readonly string[] StandardNames =
    [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ];

    public static byte[] ImagesBytes(int count, int height, int width, byte[] pixels, int magic = IdxReader.ImagesMagic)
    {
        var bytes = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), width);
        pixels.CopyTo(bytes, 16);
        return bytes;
    }

    public static byte[] LabelsBytes(byte[] labels, int magic = IdxReader.LabelsMagic)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static string Write(string path, byte[] content, bool gzip)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (!gzip)
        {
            File.WriteAllBytes(path, content);
            return path;
        }

        using (var file = File.Create(path))
        using (var compressed = new GZipStream(file, CompressionLevel.Fastest))
        {
            compressed.Write(content);
        }

        return path;
    }

    /// <summary>
    /// Images whose first pixel is their index (so a test can tell which rows a split picked) and
    /// whose other pixels follow a fixed pattern; label i is i mod <paramref name="classes"/>.
    /// </summary>
    public static (byte[] Pixels, byte[] Labels) Synthetic(int count, int height, int width, int classes, int salt = 0)
    {
        var size = height * width;
        var pixels = new byte[count * size];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            for (var p = 0; p < size; p++)
            {
                pixels[i * size + p] = p == 0 ? (byte)i : (byte)((i * 37 + p * 11 + salt) % 256);
            }

            labels[i] = (byte)(i % classes);
        }

        return (pixels, labels);
    }

    /// <summary>Writes the four standard files of a small dataset into <paramref name="directory"/>.</summary>
    public static void WriteDataset(
        string directory, int trainCount, int testCount, int height = 4, int width = 3, int classes = 10, bool gzip = true,
        bool dotVariant = false)
    {
        var suffix = gzip ? ".gz" : "";
        string Name(string canonical) =>
            System.IO.Path.Combine(directory, (dotVariant ? DotVariant(canonical) : canonical) + suffix);

        var train = Synthetic(trainCount, height, width, classes);
        var test = Synthetic(testCount, height, width, classes, salt: 5);
        Write(Name(StandardNames[0]), ImagesBytes(trainCount, height, width, train.Pixels), gzip);
        Write(Name(StandardNames[1]), LabelsBytes(train.Labels), gzip);
        Write(Name(StandardNames[2]), ImagesBytes(testCount, height, width, test.Pixels), gzip);
        Write(Name(StandardNames[3]), LabelsBytes(test.Labels), gzip);
    }

    // "train-images-idx3-ubyte" -> "train-images.idx3-ubyte", the spelling some mirrors use.
    private static string DotVariant(string canonical)
    {
        var cut = canonical.LastIndexOf("-idx", StringComparison.Ordinal);
        return canonical[..cut] + "." + canonical[(cut + 1)..];
    }
}
