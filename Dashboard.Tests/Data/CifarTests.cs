using Ablation.Training.Data;

namespace Ablation.Tests.Data;

/// <summary>CIFAR-10 and CIFAR-100 binary batches dropped into the data root, written here in their real record format.</summary>
public sealed class CifarTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private DatasetLoader Loader() => new(new DataCatalog(_root.Path, _root.Combine("no-debian-copy")));

    [Fact]
    public void Cifar10_FromItsUnpackedFolder_ReadsEveryBatchWithNames()
    {
        ImageTestFiles.WriteCifar10(_root.Combine("cifar-10-batches-bin"), perBatch: 4, testCount: 6);

        var data = Loader().Load(new DataRequest("cifar-10") { ValidationFraction = 0, Normalization = DataRequest.NoNormalization });

        Assert.Equal("cifar-10", data.Source.Format);
        Assert.Equal(20, data.Train.Count);
        Assert.Equal(6, data.Test.Count);
        Assert.Equal((3, 32, 32), (data.Train.Channels, data.Train.Height, data.Train.Width));
        Assert.Equal(10, data.NumClasses);
        Assert.Equal("airplane", data.ClassNames[0]);
        Assert.Equal("truck", data.ClassNames[9]);

        // Test record i: label i % 10, every pixel 200 + i, planes copied as they are.
        Assert.Equal([0L, 1, 2, 3, 4, 5], data.Test.Labels);
        Assert.All(data.Test.Sample(3).ToArray(), p => Assert.Equal(203, p));
    }

    [Fact]
    public void Cifar10_FolderIdOfTheArchive_IsRecognisedByItsFiles()
    {
        ImageTestFiles.WriteCifar10(_root.Combine("cifar-10-batches-bin"));

        var source = new DataCatalog(_root.Path).Resolve("cifar-10-batches-bin");

        Assert.IsType<CifarSource>(source);
        Assert.Equal("cifar-10", source.Format);
    }

    [Fact]
    public void Cifar100_FineByDefault_CoarseOnRequest()
    {
        ImageTestFiles.WriteCifar100(_root.Combine("cifar-100-binary"));

        var fine = Loader().Load(new DataRequest("cifar-100") { ValidationFraction = 0 });
        var coarse = Loader().Load(new DataRequest("cifar-100")
        {
            ValidationFraction = 0,
            Images = new ImageOptions { LabelSet = ImageOptions.CoarseLabels },
        });

        Assert.Equal([42L, 99, 7], fine.Train.Labels);
        Assert.Equal(100, fine.NumClasses);
        Assert.Equal("fine42", fine.ClassNames[42]);
        Assert.Equal([3L, 19, 0], coarse.Train.Labels);
        Assert.Equal(20, coarse.NumClasses);
        Assert.Equal("coarse19", coarse.ClassNames[19]);
    }

    [Fact]
    public void CoarseLabels_OnAnotherSet_AreRefused()
    {
        ImageTestFiles.WriteCifar10(_root.Combine("cifar-10-batches-bin"));

        var error = Assert.Throws<DataException>(() => Loader().Load(new DataRequest("cifar-10")
        {
            Images = new ImageOptions { LabelSet = ImageOptions.CoarseLabels },
        }));

        Assert.Equal("cifar-10: label set 'coarse' applies to CIFAR-100 only", error.Message);
    }

    [Fact]
    public void TruncatedBatch_IsOneMessageNamingTheFile()
    {
        var folder = _root.Combine("cifar-10-batches-bin");
        ImageTestFiles.WriteCifar10(folder);
        var batch = Path.Combine(folder, "data_batch_3.bin");
        var bytes = File.ReadAllBytes(batch);
        File.WriteAllBytes(batch, bytes[..^100]);

        var error = Assert.Throws<DataException>(() => Loader().Load(new DataRequest("cifar-10")));

        Assert.Equal(
            $"{batch}: truncated or corrupt: {bytes.Length - 100} bytes is not a whole number of 3073-byte cifar-10 records",
            error.Message);
    }

    [Fact]
    public void LabelOutOfRange_NamesFileAndRecord()
    {
        var folder = _root.Combine("cifar-10-batches-bin");
        ImageTestFiles.WriteCifar10(folder);
        ImageTestFiles.WriteCifar(Path.Combine(folder, "test_batch.bin"), [([1], 0), ([17], 0)]);

        var error = Assert.Throws<DataException>(() => Loader().Load(new DataRequest("cifar-10")));

        Assert.StartsWith(Path.Combine(folder, "test_batch.bin") + ": record 1 has label 17, but cifar-10 has 10 classes", error.Message);
    }

    [Fact]
    public void MissingBatch_IsNamed()
    {
        var folder = _root.Combine("cifar-10-batches-bin");
        ImageTestFiles.WriteCifar10(folder);
        File.Delete(Path.Combine(folder, "data_batch_4.bin"));

        var error = Assert.Throws<DataException>(() => Loader().Load(new DataRequest("cifar-10")));

        Assert.Equal($"cifar-10: missing data_batch_4.bin in {folder} (CIFAR-10 binary version)", error.Message);
    }

    [Fact]
    public void MissingSet_SaysWhichFilesToDropWhere()
    {
        var error = Assert.Throws<DataException>(() => Loader().Load(new DataRequest("cifar-10")));

        Assert.Contains($"drop data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin, batches.meta.txt into {_root.Combine("cifar-10-batches-bin")}", error.Message);
    }

    [Fact]
    public void WrongNumberOfClassNames_NamesTheMetaFile()
    {
        var folder = _root.Combine("cifar-10-batches-bin");
        ImageTestFiles.WriteCifar10(folder);
        File.WriteAllText(Path.Combine(folder, "batches.meta.txt"), "cat\ndog\n");

        var error = Assert.Throws<DataException>(() => Loader().Load(new DataRequest("cifar-10")));

        Assert.Equal($"{Path.Combine(folder, "batches.meta.txt")}: lists 2 class names, expected 10", error.Message);
    }
}
