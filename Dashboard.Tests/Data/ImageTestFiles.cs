using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Ablation.Training.Data;

namespace Ablation.Tests.Data;

/// <summary>
/// Writes small files in the real formats of the image sets: PNG (a minimal encoder: IHDR, one
/// zlib IDAT, IEND, each chunk with its CRC-32), CIFAR binary batches and EMNIST's IDX files.
/// </summary>
internal static class ImageTestFiles
{
    private static readonly uint[] _crcTable = BuildCrcTable();

    /// <summary>A PNG of 8-bit gray (1 channel) or RGB (3) from CHW pixels.</summary>
    public static void WritePng(string path, int channels, int height, int width, byte[] chw)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = (byte)(channels == 1 ? 0 : 2);
        WriteChunk(file, "IHDR", header);

        var raw = new MemoryStream();
        var plane = height * width;
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    raw.WriteByte(chw[c * plane + y * width + x]);
                }
            }
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(zlib);
        }

        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
    }

    /// <summary>Pixels that identify an image: every value is (seed + 7·index) mod 256.</summary>
    public static byte[] Pattern(int channels, int height, int width, int seed)
    {
        var pixels = new byte[channels * height * width];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((seed + 7 * i) % 256);
        }

        return pixels;
    }

    /// <summary>A CIFAR record file: per record the label byte(s), then 3×32×32 pixels (all equal to the record's fill).</summary>
    public static void WriteCifar(string path, IReadOnlyList<(byte[] Labels, byte Fill)> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        foreach (var (labels, fill) in records)
        {
            file.Write(labels);
            var pixels = new byte[CifarSource.PixelBytes];
            Array.Fill(pixels, fill);
            file.Write(pixels);
        }
    }

    /// <summary>A whole CIFAR-10 folder: five training batches of <paramref name="perBatch"/> records and a test batch.</summary>
    public static void WriteCifar10(string folder, int perBatch = 4, int testCount = 6)
    {
        for (var b = 1; b <= 5; b++)
        {
            WriteCifar(Path.Combine(folder, $"data_batch_{b}.bin"),
                Enumerable.Range(0, perBatch).Select(i => (new[] { (byte)((b + i) % 10) }, (byte)(b * 10 + i))).ToList());
        }

        WriteCifar(Path.Combine(folder, "test_batch.bin"),
            Enumerable.Range(0, testCount).Select(i => (new[] { (byte)(i % 10) }, (byte)(200 + i))).ToList());
        File.WriteAllText(Path.Combine(folder, "batches.meta.txt"),
            "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
    }

    public static void WriteCifar100(string folder)
    {
        WriteCifar(Path.Combine(folder, "train.bin"), [([3, 42], 1), ([19, 99], 2), ([0, 7], 3)]);
        WriteCifar(Path.Combine(folder, "test.bin"), [([5, 11], 4), ([3, 42], 5)]);
        File.WriteAllLines(Path.Combine(folder, "fine_label_names.txt"), Enumerable.Range(0, 100).Select(i => $"fine{i}"));
        File.WriteAllLines(Path.Combine(folder, "coarse_label_names.txt"), Enumerable.Range(0, 20).Select(i => $"coarse{i}"));
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = _crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
