using Ablation.Tests.Data;
using Ablation.Training.Data;
using Ablation.Training.Torch;

namespace Ablation.Tests.Training;

/// <summary>
/// Image folders and the Tiny-ImageNet-200 layout, decoded by the shim's stb_image from PNG files
/// written here; resizing, channels, the held-out split and the decode cache.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ImageFolderTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private DatasetLoader Loader() => new(new DataCatalog(_root.Path, _root.Combine("no-debian-copy")));

    /// <summary>Class folders under train/ and test/, 8×8 RGB PNGs with identifiable pixels.</summary>
    private void WriteSplitFolder(string id, int channels = 3)
    {
        foreach (var (split, count) in new[] { ("train", 3), ("test", 2) })
        {
            foreach (var (cls, c) in new[] { ("cat", 0), ("dog", 1) })
            {
                for (var i = 0; i < count; i++)
                {
                    var seed = 100 * c + 10 * i + (split == "test" ? 5 : 0);
                    ImageTestFiles.WritePng(_root.Combine(id, split, cls, $"img{i}.png"), channels, 8, 8, ImageTestFiles.Pattern(channels, 8, 8, seed));
                }
            }
        }
    }

    [Fact]
    public void Codec_DecodesAPngExactly()
    {
        var path = _root.Combine("one.png");
        var pixels = ImageTestFiles.Pattern(3, 5, 7, seed: 9);
        ImageTestFiles.WritePng(path, 3, 5, 7, pixels);

        var info = ImageCodec.Info(path);
        var decoded = new byte[3 * 5 * 7];
        ImageCodec.Decode(path, 3, 5, 7, decoded);

        Assert.Equal(new ImageFileInfo(7, 5, 3), info);
        Assert.Equal(pixels, decoded);
    }

    [Fact]
    public void TrainAndTestFolders_GiveLabelsByClassFolderAndNativeSizeWhenAsked()
    {
        WriteSplitFolder("pets");

        var data = Loader().Load(new DataRequest("pets")
        {
            ValidationFraction = 0,
            Images = new ImageOptions { ImageSize = 8 },
        });

        Assert.Equal("image-folder", data.Source.Format);
        Assert.Equal(["cat", "dog"], data.ClassNames);
        Assert.Equal((6, 4), (data.Train.Count, data.Test.Count));
        Assert.Equal((3, 8, 8), (data.Train.Channels, data.Train.Height, data.Train.Width));
        Assert.Equal([0L, 0, 1, 1], data.Test.Labels);
        Assert.Equal(ImageTestFiles.Pattern(3, 8, 8, 100 + 10 + 5), data.Test.Sample(3).ToArray());
    }

    [Fact]
    public void DefaultSize_Is64_AndGrayscaleIsKeptWhenMostFilesAreGray()
    {
        WriteSplitFolder("gray", channels: 1);

        var data = Loader().Load(new DataRequest("gray") { ValidationFraction = 0 });

        Assert.Equal((1, 64, 64), (data.Train.Channels, data.Train.Height, data.Train.Width));
    }

    [Fact]
    public void ChannelsOption_TurnsGrayIntoRgb()
    {
        WriteSplitFolder("gray", channels: 1);

        var data = Loader().Load(new DataRequest("gray") { ValidationFraction = 0, Images = new ImageOptions { Channels = 3, ImageSize = 8 } });

        var sample = data.Test.Sample(0).ToArray();
        Assert.Equal(3, data.Test.Channels);
        Assert.Equal(sample[..64], sample[64..128]);
        Assert.Equal(ImageTestFiles.Pattern(1, 8, 8, 5), sample[..64]);
    }

    [Fact]
    public void FolderWithoutTestSplit_HoldsOutAFifthOfEachClassByName()
    {
        for (var i = 0; i < 10; i++)
        {
            ImageTestFiles.WritePng(_root.Combine("flat", "a", $"{i}.png"), 1, 4, 4, ImageTestFiles.Pattern(1, 4, 4, i));
            ImageTestFiles.WritePng(_root.Combine("flat", "b", $"{i}.png"), 1, 4, 4, ImageTestFiles.Pattern(1, 4, 4, 50 + i));
        }

        var first = Assert.IsType<ImageFolderSource>(new DataCatalog(_root.Path).Resolve("flat"));
        var again = Assert.IsType<ImageFolderSource>(new DataCatalog(_root.Path).Resolve("flat"));

        Assert.Equal(16, first.Train.Count);
        Assert.Equal(4, first.Test.Count);
        Assert.Equal(2, first.Test.Count(f => f.Label == 0));
        Assert.Empty(first.Test.Select(f => f.Path).Intersect(first.Train.Select(f => f.Path)));
        Assert.Equal(first.Test.Select(f => f.Path), again.Test.Select(f => f.Path));
    }

    [Fact]
    public void SecondLoad_ComesFromTheCache_WithoutDecodingAgain()
    {
        WriteSplitFolder("pets");
        var request = new DataRequest("pets") { ValidationFraction = 0, Images = new ImageOptions { ImageSize = 8 } };
        var first = Loader().Load(request);
        var cacheFiles = Directory.GetFiles(_root.Combine(".cache", "images"));

        // Same length and modification time, but no longer a PNG: only a decode would notice.
        var victim = _root.Combine("pets", "test", "dog", "img1.png");
        var stamp = File.GetLastWriteTimeUtc(victim);
        File.WriteAllBytes(victim, new byte[new FileInfo(victim).Length]);
        File.SetLastWriteTimeUtc(victim, stamp);
        var second = Loader().Load(request);

        Assert.Single(cacheFiles);
        Assert.StartsWith("pets-8px-auto-", Path.GetFileName(cacheFiles[0]));
        Assert.Equal(first.Test.Pixels, second.Test.Pixels);
        Assert.Equal(first.Train.Pixels, second.Train.Pixels);

        // A new size is a new cache entry, and that one has to decode: the broken file shows.
        var error = Assert.Throws<DataException>(() => Loader().Load(request with { Images = new ImageOptions { ImageSize = 16 } }));
        Assert.StartsWith(victim + ": ", error.Message);
    }

    [Fact]
    public void CorruptImage_IsOneMessageNamingTheFile()
    {
        WriteSplitFolder("pets");
        var victim = _root.Combine("pets", "train", "cat", "img2.png");
        File.WriteAllBytes(victim, File.ReadAllBytes(victim)[..20]);

        var error = Assert.Throws<DataException>(() => Loader().Load(new DataRequest("pets")));

        Assert.StartsWith(victim + ": ", error.Message);
    }

    [Fact]
    public void TinyImageNetLayout_UsesValAsTestAndWordsForNames()
    {
        var root = _root.Combine("tiny-imagenet-200");
        string[] wnids = ["n01443537", "n01629819"];
        foreach (var (wnid, c) in wnids.Select((w, i) => (w, i)))
        {
            for (var i = 0; i < 2; i++)
            {
                ImageTestFiles.WritePng(Path.Combine(root, "train", wnid, "images", $"{wnid}_{i}.JPEG"), 3, 64, 64, ImageTestFiles.Pattern(3, 64, 64, c * 10 + i));
            }
        }

        ImageTestFiles.WritePng(Path.Combine(root, "val", "images", "val_0.JPEG"), 3, 64, 64, ImageTestFiles.Pattern(3, 64, 64, 77));
        ImageTestFiles.WritePng(Path.Combine(root, "val", "images", "val_1.JPEG"), 3, 64, 64, ImageTestFiles.Pattern(3, 64, 64, 78));
        ImageTestFiles.WritePng(Path.Combine(root, "test", "images", "test_0.JPEG"), 3, 64, 64, ImageTestFiles.Pattern(3, 64, 64, 79));
        File.WriteAllText(Path.Combine(root, "val", "val_annotations.txt"), "val_0.JPEG\tn01629819\t0\t0\t10\t10\nval_1.JPEG\tn01443537\t1\t1\t9\t9\n");
        File.WriteAllText(Path.Combine(root, "wnids.txt"), string.Join('\n', wnids));
        File.WriteAllText(Path.Combine(root, "words.txt"), "n00001740\tentity\nn01443537\tgoldfish, Carassius auratus\nn01629819\tEuropean fire salamander, Salamandra salamandra\n");

        var data = Loader().Load(new DataRequest("tiny-imagenet-200") { ValidationFraction = 0 });

        Assert.Equal("tiny-imagenet", data.Source.Format);
        Assert.Equal(["goldfish", "European fire salamander"], data.ClassNames);
        Assert.Equal((4, 2), (data.Train.Count, data.Test.Count));
        Assert.Equal([1L, 0], data.Test.Labels);
        Assert.Equal(ImageTestFiles.Pattern(3, 64, 64, 77), data.Test.Sample(0).ToArray());
    }

    [Fact]
    public void TinyImageNet_AnnotationWithUnknownClass_NamesTheLine()
    {
        var root = _root.Combine("tiny-imagenet-200");
        ImageTestFiles.WritePng(Path.Combine(root, "train", "n1", "images", "a.JPEG"), 3, 4, 4, ImageTestFiles.Pattern(3, 4, 4, 1));
        ImageTestFiles.WritePng(Path.Combine(root, "val", "images", "val_0.JPEG"), 3, 4, 4, ImageTestFiles.Pattern(3, 4, 4, 2));
        File.WriteAllText(Path.Combine(root, "val", "val_annotations.txt"), "val_0.JPEG\tn999\t0\t0\t1\t1\n");

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root.Path).Resolve("tiny-imagenet-200"));

        Assert.StartsWith(Path.Combine(root, "val", "val_annotations.txt") + ": line 1:", error.Message);
    }

    [Fact]
    public void IdxSets_CanBeResizedToAChosenSize()
    {
        IdxTestFiles.WriteDataset(_root.Combine("digits"), trainCount: 4, testCount: 2, height: 4, width: 4);

        var data = Loader().Load(new DataRequest("digits") { ValidationFraction = 0, Images = new ImageOptions { ImageSize = 8, Channels = 3 } });

        Assert.Equal((3, 8, 8), (data.Train.Channels, data.Train.Height, data.Train.Width));
    }
}
