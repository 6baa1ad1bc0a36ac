using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ablation.Training.Data;

/// <summary>
/// Decoded image folders kept as uint8 on disk, so only the first load of a folder pays for
/// decoding. A cache file is named by a fingerprint of everything that shapes its contents (the
/// folder, the size, the channels, and every file's path, label, length and modification time):
/// adding, replacing or relabelling an image gives a new name, so a stale file is never read.
/// Files are written to a temporary name and renamed, so a reader sees a whole file or none.
/// </summary>
public sealed class ImageCache(string directory)
{
    private const ulong Magic = 0x3143474D494C4241; // "ABLIMGC1" little-endian
    private const int HeaderSize = 32;

    public string Directory { get; } = directory;

    /// <param name="channels">The channels asked for; 0 when the set's majority decides.</param>
    public string PathFor(ImageFolderSource source, int channels, int size)
    {
        var text = new StringBuilder()
            .Append("v1|").Append(source.Format).Append('|').Append(source.Directory)
            .Append('|').Append(size).Append('|').Append(channels).Append('\n');
        foreach (var (split, files) in new[] { ("train", source.Train), ("test", source.Test) })
        {
            foreach (var f in files)
            {
                text.Append(split).Append('|').Append(f.Path).Append('|').Append(f.Label).Append('|')
                    .Append(f.Length).Append('|').Append(f.LastWriteUtc.Ticks).Append('\n');
            }
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24];
        var stem = new string(source.DisplayName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        var channelsPart = channels == 0 ? "auto" : $"{channels}ch";
        return Path.Combine(Directory, $"{stem}-{size}px-{channelsPart}-{hash}.u8");
    }

    /// <summary>The cached splits, or null when there is no usable file (absent, cut short, another shape).</summary>
    /// <param name="channels">The channels expected, or 0 to take what the file holds (1 or 3).</param>
    public static (ImageSet Train, ImageSet Test)? TryRead(string path, int channels, int size, int trainCount, int testCount)
    {
        try
        {
            // The cache writes plain files only; a link in its place was put there by someone else
            // and could lead out of the data root, so it counts as no cache (the next write replaces it).
            if (new FileInfo(path).LinkTarget is not null)
            {
                return null;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            Span<byte> header = stackalloc byte[HeaderSize];
            stream.ReadExactly(header);
            var stored = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic
                || stored is not (1 or 3)
                || (channels != 0 && stored != channels)
                || BinaryPrimitives.ReadInt32LittleEndian(header[12..]) != size
                || BinaryPrimitives.ReadInt32LittleEndian(header[16..]) != size
                || BinaryPrimitives.ReadInt32LittleEndian(header[20..]) != trainCount
                || BinaryPrimitives.ReadInt32LittleEndian(header[24..]) != testCount)
            {
                return null;
            }

            var train = ReadSet(stream, trainCount, stored, size);
            var test = ReadSet(stream, testCount, stored, size);
            return stream.Position == stream.Length ? (train, test) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Writes both splits; a cache that cannot be written (a read-only data root) is skipped, not an error.</summary>
    public static bool TryWrite(string path, ImageSet train, ImageSet test)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> header = stackalloc byte[HeaderSize];
                header.Clear();
                BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], train.Channels);
                BinaryPrimitives.WriteInt32LittleEndian(header[12..], train.Height);
                BinaryPrimitives.WriteInt32LittleEndian(header[16..], train.Width);
                BinaryPrimitives.WriteInt32LittleEndian(header[20..], train.Count);
                BinaryPrimitives.WriteInt32LittleEndian(header[24..], test.Count);
                stream.Write(header);
                WriteSet(stream, train);
                WriteSet(stream, test);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the temporary name is never read as a cache file.
            }

            return false;
        }
    }

    private static ImageSet ReadSet(Stream stream, int count, int channels, int size)
    {
        var labelBytes = new byte[count * sizeof(int)];
        stream.ReadExactly(labelBytes);
        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = BinaryPrimitives.ReadInt32LittleEndian(labelBytes.AsSpan(i * sizeof(int)));
        }

        var pixels = new byte[(long)count * channels * size * size];
        stream.ReadExactly(pixels);
        return new ImageSet(pixels, labels, channels, size, size);
    }

    private static void WriteSet(Stream stream, ImageSet set)
    {
        var labelBytes = new byte[set.Count * sizeof(int)];
        for (var i = 0; i < set.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(labelBytes.AsSpan(i * sizeof(int)), (int)set.Labels[i]);
        }

        stream.Write(labelBytes);
        stream.Write(set.Pixels);
    }
}
