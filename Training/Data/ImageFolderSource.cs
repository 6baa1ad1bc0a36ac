using System.Security.Cryptography;
using System.Text;

namespace Ablation.Training.Data;

/// <summary>
/// Image files sorted into one folder per class, as an image folder
/// (<c>&lt;class&gt;/&lt;image&gt;</c>, optionally under <c>train/</c> and <c>test/</c> or
/// <c>val/</c>) or in the Tiny-ImageNet-200 layout. The file lists are fixed when the set is
/// resolved, in ordinal path order, so labels and the held-out test split never depend on the
/// order a file system lists a folder in.
/// </summary>
/// <param name="TestFrom">Where the test split comes from, in words (<c>test/</c>, <c>val/</c>, or the held-out share).</param>
public sealed record ImageFolderSource(
    string DisplayName,
    string Directory,
    bool TinyImageNet,
    string[] Classes,
    IReadOnlyList<ImageFile> Train,
    IReadOnlyList<ImageFile> Test,
    string TestFrom)
    : DatasetSource(DisplayName, Directory, Classes)
{
    /// <summary>How many files <see cref="MajorityChannels"/> looks at, at most.</summary>
    public const int ChannelSampleSize = 256;

    public override string Format => TinyImageNet ? "tiny-imagenet" : "image-folder";

    /// <summary>
    /// 1 when most files are grayscale (with or without alpha), else 3; ties go to RGB. Decided
    /// from an evenly spaced sample of at most <see cref="ChannelSampleSize"/> files, so the
    /// Datasets page, the study check and the worker all reach the same answer from headers alone.
    /// </summary>
    public int MajorityChannels()
    {
        var all = Train.Concat(Test).ToArray();
        if (all.Length == 0)
        {
            return 3;
        }

        var step = Math.Max(1, all.Length / ChannelSampleSize);
        var gray = 0;
        var color = 0;
        for (var i = 0; i < all.Length; i += step)
        {
            var channels = ImageDecoding.Info(all[i].Path).Channels;
            if (channels <= 2)
            {
                gray++;
            }
            else
            {
                color++;
            }
        }

        return gray > color ? 1 : 3;
    }

    /// <summary>
    /// A digest of what the set was resolved from (format, classes, and every file's split, path,
    /// label, size and write time): it changes when a file is added, removed, replaced or touched,
    /// so whoever keeps what was read from the folder knows when that is stale.
    /// </summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add($"{Format}|{Directory}|{string.Join('/', Classes)}");
        foreach (var (split, files) in new[] { ("train", Train), ("test", Test) })
        {
            foreach (var f in files)
            {
                Add($"{split}|{f.Path}|{f.Label}|{f.Length}|{f.LastWriteUtc.Ticks}");
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>One image file with its label, and what the cache fingerprint needs to know about it.</summary>
public sealed record ImageFile(string Path, int Label, long Length, DateTime LastWriteUtc);
