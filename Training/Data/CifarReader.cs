namespace Ablation.Training.Data;

/// <summary>
/// Reads CIFAR binary batches. A file whose length is not a whole number of records, or a label
/// outside the set's classes, is a <see cref="DataException"/> naming the file: both mean a cut
/// download or a file from another set.
/// </summary>
public static class CifarReader
{
    public static ImageSet Read(CifarSource source, IReadOnlyList<string> files, string labelSet, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var counts = files.Select(f => RecordCount(source, f)).ToArray();
        var total = counts.Sum(c => (long)c);
        if (limit is { } cap)
        {
            total = Math.Min(total, cap);
        }

        if (total * CifarSource.PixelBytes > Array.MaxLength)
        {
            throw new DataException($"{source.DisplayName}: {total} images do not fit in memory as one array");
        }

        var pixels = new byte[total * CifarSource.PixelBytes];
        var labels = new long[total];
        var classes = source.ClassCount(labelSet);
        var labelOffset = source.Hundred && labelSet != ImageOptions.CoarseLabels ? 1 : 0;
        var record = new byte[source.RecordSize];
        var next = 0;
        for (var f = 0; f < files.Count && next < total; f++)
        {
            using var stream = Open(files[f]);
            for (var r = 0; r < counts[f] && next < total; r++, next++)
            {
                stream.ReadExactly(record);
                var label = record[labelOffset];
                if (label >= classes)
                {
                    throw DataException.ForFile(
                        files[f], $"record {r} has label {label}, but {source.Format} has {classes} classes (corrupt or not a {source.Format} file?)");
                }

                labels[next] = label;
                record.AsSpan(source.LabelBytes).CopyTo(pixels.AsSpan(next * CifarSource.PixelBytes, CifarSource.PixelBytes));
            }
        }

        return new ImageSet(pixels, labels, 3, CifarSource.Side, CifarSource.Side);
    }

    /// <summary>Records in a file, from its length alone.</summary>
    public static int RecordCount(CifarSource source, string path)
    {
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (IOException e)
        {
            throw DataException.ForFile(path, $"cannot read ({e.Message})", e);
        }

        if (length == 0 || length % source.RecordSize != 0)
        {
            throw DataException.ForFile(
                path,
                $"truncated or corrupt: {length} bytes is not a whole number of {source.RecordSize}-byte {source.Format} records");
        }

        return (int)(length / source.RecordSize);
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataException.ForFile(path, $"cannot read ({e.Message})", e);
        }
    }
}
