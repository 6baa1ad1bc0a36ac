using System.Buffers.Binary;
using System.IO.Compression;

namespace Ablation.Training.Data;

/// <summary>
/// Reads the IDX files MNIST-style datasets ship in (an unsigned-byte image tensor N×H×W and a
/// label vector N), gzipped or raw. Every malformed file becomes a <see cref="DataException"/>
/// naming it: a truncated download should fail at load, not as a silent short epoch.
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    private const int ReadBufferSize = 1 << 16;

    /// <summary>Reads an image file and its label file into one single-channel set.</summary>
    public static ImageSet Read(string imagesPath, string labelsPath)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw DataException.ForFile(
                labelsPath,
                $"label count {labels.Length} does not match image count {images.Count} in {Path.GetFileName(imagesPath)}");
        }

        var wideLabels = new long[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            wideLabels[i] = labels[i];
        }

        return new ImageSet(images.Pixels, wideLabels, channels: 1, images.Height, images.Width);
    }

    public static IdxImages ReadImages(string path)
    {
        var (dims, data) = ReadTensor(path, ImagesMagic, "IDX images");
        return new IdxImages(data, dims[0], dims[1], dims[2]);
    }

    public static byte[] ReadLabels(string path)
    {
        var (_, data) = ReadTensor(path, LabelsMagic, "IDX labels");
        return data;
    }

    private static (int[] Dims, byte[] Data) ReadTensor(string path, int expectedMagic, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = OpenMaybeGzipped(path);
            return ReadTensor(stream, path, expectedMagic, kind);
        }
        catch (FileNotFoundException e)
        {
            throw DataException.ForFile(path, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw DataException.ForFile(path, "file not found", e);
        }
        catch (InvalidDataException e)
        {
            // GZipStream's way of saying the compressed bytes are corrupt or cut short.
            throw DataException.ForFile(path, $"not a valid gzip file ({e.Message})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw DataException.ForFile(path, $"cannot read ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw DataException.ForFile(path, $"cannot read ({e.Message})", e);
        }
    }

    /// <summary>Count, height and width from an image file's header alone (for listings that must not read every pixel).</summary>
    public static (int Count, int Height, int Width) ReadImagesHeader(string path)
    {
        try
        {
            using var stream = OpenMaybeGzipped(path);
            var (dims, _, _) = ReadHeader(stream, path, ImagesMagic, "IDX images");
            return (dims[0], dims[1], dims[2]);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw DataException.ForFile(path, $"cannot read ({e.Message})", e);
        }
    }

    private static (int[] Dims, byte[] Data) ReadTensor(Stream stream, string path, int expectedMagic, string kind)
    {
        var (dims, headerLength, dataLength) = ReadHeader(stream, path, expectedMagic, kind);
        var data = new byte[dataLength];
        var dataRead = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (dataRead < data.Length)
        {
            // Sizes of a gzipped file count decompressed bytes, which a user cannot see in `ls`.
            var unpacked = stream is GZipStream ? " after decompression" : "";
            throw DataException.ForFile(
                path, $"truncated: expected {headerLength + dataLength} bytes, found {headerLength + dataRead}{unpacked}");
        }

        var trailing = CountRemaining(stream);
        if (trailing > 0)
        {
            throw DataException.ForFile(
                path,
                $"{trailing} unexpected bytes after the {headerLength + dataLength} the IDX header promises (wrong file or corrupt header?)");
        }

        return (dims, data);
    }

    private static (int[] Dims, int HeaderLength, long DataLength) ReadHeader(Stream stream, string path, int expectedMagic, string kind)
    {
        var expectedRank = expectedMagic & 0xFF;
        var headerLength = 4 + 4 * expectedRank;
        Span<byte> header = stackalloc byte[headerLength];

        var magicRead = stream.ReadAtLeast(header[..4], 4, throwOnEndOfStream: false);
        if (magicRead < 4)
        {
            throw DataException.ForFile(path, $"truncated: expected a {headerLength}-byte IDX header, found {magicRead} bytes");
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expectedMagic)
        {
            throw DataException.ForFile(path, $"wrong magic number 0x{magic:X8} (expected 0x{expectedMagic:X8} for {kind}){MagicHint(magic)}");
        }

        var dimsRead = stream.ReadAtLeast(header[4..], headerLength - 4, throwOnEndOfStream: false);
        if (dimsRead < headerLength - 4)
        {
            throw DataException.ForFile(path, $"truncated: expected a {headerLength}-byte IDX header, found {4 + dimsRead} bytes");
        }

        var dims = new int[expectedRank];
        long dataLength = 1;
        for (var d = 0; d < expectedRank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(header[(4 + 4 * d)..]);
            if (dims[d] <= 0)
            {
                throw DataException.ForFile(path, $"dimension {d} of the IDX header is {dims[d]} (must be positive)");
            }

            dataLength *= dims[d];
            if (dataLength > Array.MaxLength)
            {
                throw DataException.ForFile(path, $"IDX header promises {string.Join('x', dims[..(d + 1)])} values, more than one array can hold");
            }
        }

        return (dims, headerLength, dataLength);
    }

    private static string MagicHint(int magic) => magic switch
    {
        ImagesMagic => "; this is an image file where a label file belongs",
        LabelsMagic => "; this is a label file where an image file belongs",
        _ when (magic & 0xFFFF0000) != 0 => "; not an IDX file",
        _ => "",
    };

    /// <summary>Opens a file, decompressing it when it starts with the gzip signature (whatever its name).</summary>
    private static Stream OpenMaybeGzipped(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferSize, FileOptions.SequentialScan);
        try
        {
            Span<byte> signature = stackalloc byte[2];
            var read = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
            file.Position = 0;
            if (read == 2 && signature[0] == 0x1f && signature[1] == 0x8b)
            {
                // GZipStream pulls from the file in small chunks; the buffer keeps those reads cheap.
                return new GZipStream(new BufferedStream(file, ReadBufferSize), CompressionMode.Decompress, leaveOpen: false);
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static long CountRemaining(Stream stream)
    {
        Span<byte> scratch = stackalloc byte[4096];
        long total = 0;
        int read;
        while ((read = stream.Read(scratch)) > 0)
        {
            total += read;
        }

        return total;
    }
}

/// <summary>The contents of an IDX image file: <see cref="Pixels"/> holds Count×Height×Width bytes.</summary>
public sealed record IdxImages(byte[] Pixels, int Count, int Height, int Width);
