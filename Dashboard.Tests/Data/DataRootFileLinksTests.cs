using Ablation.Contracts.Worker;
using Ablation.Tests.Training;
using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;
using Ablation.Training.Worker;

namespace Ablation.Tests.Data;

/// <summary>
/// A file inside the data root that is a symbolic link to a file outside it is refused before it is
/// opened, for every kind of data (CSV tables, IDX, CIFAR batches and names, image-folder images,
/// class maps), through the catalogs and through the worker; the message names the link and its
/// target and never shows what the target holds. Links that stay inside are followed, and a folder
/// the operator linked in from another disk keeps working.
/// </summary>
[Collection(TorchCollection.Name)] // the worker's validate plans the model in libtorch
public sealed class DataRootFileLinksTests : IDisposable
{
    /// <summary>What the outside file holds: it must never appear in a message.</summary>
    private const string SecretLine = "root:x:0:0:root:/root:/bin/bash secret-42";

    private readonly TempDataRoot _temp = new();
    private readonly string _root;
    private readonly string _secret;

    public DataRootFileLinksTests()
    {
        _root = _temp.Combine("data");
        Directory.CreateDirectory(_root);
        _secret = _temp.Combine("outside", "passwd");
        Directory.CreateDirectory(_temp.Combine("outside"));
        File.WriteAllText(_secret, $"{SecretLine}\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("users/ana/prices.csv")]
    [InlineData("house.csv")]
    public void CsvTable_LinkedOutside_IsRefused_WithoutItsContent(string dataset)
    {
        Link(Path.Combine(_root, dataset), _secret);

        var error = Assert.Throws<DataException>(() => new TabularCatalog(_root).Read(dataset, target: null));

        AssertRefused(error, Path.Combine(_root, dataset), _secret);
    }

    [Fact]
    public void CsvTable_InAFolderLinkedOutside_IsRefused()
    {
        Directory.CreateDirectory(_temp.Combine("outside", "tables"));
        File.WriteAllText(_temp.Combine("outside", "tables", "prices.csv"), "area,price\n1,2\n3,4\n");
        Directory.CreateDirectory(Path.Combine(_root, "users"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "users", "ana"), _temp.Combine("outside", "tables"));

        var error = Assert.Throws<DataException>(() => new TabularCatalog(_root).Read("users/ana/prices.csv", target: null));

        AssertRefused(error, Path.Combine(_root, "users", "ana", "prices.csv"), _temp.Combine("outside", "tables", "prices.csv"));
    }

    [Fact]
    public void TableFolder_WithTrainCsvLinkedOutside_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_root, "prices"));
        Link(Path.Combine(_root, "prices", "train.csv"), _secret);

        var error = Assert.Throws<DataException>(() => new TabularCatalog(_root).Read("prices", target: null));

        AssertRefused(error, Path.Combine(_root, "prices", "train.csv"), _secret);
    }

    [Fact]
    public void BuiltInTable_LinkedOutside_IsRefused()
    {
        Link(Path.Combine(_root, BuiltinTables.Folder, "iris.csv"), _secret);

        var error = Assert.Throws<DataException>(() => new TabularCatalog(_root).Read("iris", target: null));

        AssertRefused(error, Path.Combine(_root, BuiltinTables.Folder, "iris.csv"), _secret);
    }

    [Theory]
    [InlineData("glyphs")]
    [InlineData("users/ana/glyphs")]
    public void IdxFile_LinkedOutside_IsRefused(string dataset)
    {
        var folder = Path.Combine(_root, dataset);
        IdxTestFiles.WriteDataset(folder, trainCount: 4, testCount: 2, gzip: false);
        var outsideImages = _temp.Combine("outside", "train-images-idx3-ubyte");
        File.Move(Path.Combine(folder, "train-images-idx3-ubyte"), outsideImages);
        Link(Path.Combine(folder, "train-images-idx3-ubyte"), outsideImages); // a valid file: only the rule can stop it

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root, _temp.Combine("no-debian")).Resolve(dataset));

        AssertRefused(error, Path.Combine(folder, "train-images-idx3-ubyte"), outsideImages);
    }

    [Fact]
    public void WellKnownSet_WithAnIdxFileLinkedOutside_IsRefused()
    {
        var folder = Path.Combine(_root, "mnist");
        IdxTestFiles.WriteDataset(folder, trainCount: 4, testCount: 2);
        var label = Path.Combine(folder, "t10k-labels-idx1-ubyte.gz");
        File.Delete(label);
        Link(label, _secret);

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root, _temp.Combine("no-debian")).Resolve("mnist"));

        AssertRefused(error, label, _secret);
    }

    [Fact]
    public void CifarBatch_AndNamesFile_LinkedOutside_AreRefused()
    {
        var folder = Path.Combine(_root, CifarSource.Cifar10Folder);
        ImageTestFiles.WriteCifar10(folder);
        var names = Path.Combine(folder, CifarSource.Cifar10MetaName);
        File.Delete(names);
        Link(names, _secret); // read while the set is resolved, and its lines would be class names

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root).Resolve("cifar-10"));

        AssertRefused(error, names, _secret);

        File.Delete(names);
        var batch = Path.Combine(folder, "data_batch_3.bin");
        File.Move(batch, _temp.Combine("outside", "data_batch_3.bin"));
        Link(batch, _temp.Combine("outside", "data_batch_3.bin"));
        AssertRefused(Assert.Throws<DataException>(() => new DataCatalog(_root).Resolve("cifar-10")), batch, _temp.Combine("outside", "data_batch_3.bin"));
    }

    [Fact]
    public void KmnistClassMap_LinkedOutside_IsRefused()
    {
        var folder = Path.Combine(_root, "kmnist");
        IdxTestFiles.WriteDataset(folder, trainCount: 4, testCount: 2);
        Link(Path.Combine(folder, IdxFamily.KmnistClassMap), _secret);

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root).Resolve("kmnist"));

        AssertRefused(error, Path.Combine(folder, IdxFamily.KmnistClassMap), _secret);
    }

    [Theory]
    [InlineData("pets")]
    [InlineData("users/ana/pets")]
    public void ImageFolderImage_LinkedOutside_IsRefused(string dataset)
    {
        var outsidePng = WritePets(Path.Combine(_root, dataset));
        var link = Path.Combine(_root, dataset, "dog", "secret.png");
        Link(link, outsidePng);

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root).Resolve(dataset));

        AssertRefused(error, link, outsidePng);
    }

    [Fact]
    public void ClassFolderLinkedOutside_IsRefused()
    {
        WritePets(Path.Combine(_root, "pets"));
        Directory.CreateDirectory(_temp.Combine("outside", "birds"));
        ImageTestFiles.WritePng(_temp.Combine("outside", "birds", "0.png"), 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 9));
        Directory.CreateSymbolicLink(Path.Combine(_root, "pets", "bird"), _temp.Combine("outside", "birds"));

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root).Resolve("pets"));

        AssertRefused(error, Path.Combine(_root, "pets", "bird"), _temp.Combine("outside", "birds"));
    }

    [Fact]
    public void LinksStayingInsideTheRoot_AreFollowed()
    {
        WritePets(Path.Combine(_root, "pets"));
        ImageTestFiles.WritePng(Path.Combine(_root, "shared", "tabby.png"), 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 7));
        Link(Path.Combine(_root, "pets", "cat", "tabby.png"), Path.Combine(_root, "shared", "tabby.png"));
        File.WriteAllText(Path.Combine(_root, "shared", "prices.csv"), "area,price\n1,2\n3,4\n5,6\n");
        Link(Path.Combine(_root, "users", "ana", "prices.csv"), Path.Combine(_root, "shared", "prices.csv"));

        var pets = Assert.IsType<ImageFolderSource>(new DataCatalog(_root).Resolve("pets"));
        var table = new TabularCatalog(_root).Read("users/ana/prices.csv", target: null);

        Assert.Contains(pets.Train.Concat(pets.Test), f => f.Path.EndsWith("tabby.png", StringComparison.Ordinal));
        Assert.Equal(3, table.Train.Count);
    }

    [Fact]
    public void OperatorsFolderLinkedFromAnotherDisk_IsRead_ButALinkInItLeadingElsewhere_IsNot()
    {
        var disk = _temp.Combine("other-disk", "glyphs");
        IdxTestFiles.WriteDataset(disk, trainCount: 4, testCount: 2, gzip: false);
        Directory.CreateSymbolicLink(Path.Combine(_root, "glyphs"), disk);

        Assert.IsType<ResolvedIdx>(new DataCatalog(_root).Resolve("glyphs"));

        var outsideLabels = _temp.Combine("outside", "t10k-labels-idx1-ubyte");
        File.Move(Path.Combine(disk, "t10k-labels-idx1-ubyte"), outsideLabels);
        Link(Path.Combine(disk, "t10k-labels-idx1-ubyte"), outsideLabels);
        var error = Assert.Throws<DataException>(() => new DataCatalog(_root).Resolve("glyphs"));
        Assert.Contains($"outside the data root {_root} and the folder {Path.Combine(_root, "glyphs")} leads to", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageCacheFile_ThatIsALink_CountsAsNoCache()
    {
        // A well-formed cache file outside the root, planted under the cache's name.
        var planted = _temp.Combine("outside", "planted.u8");
        var set = new ImageSet(new byte[3 * 4 * 4], [0], 3, 4, 4);
        Assert.True(ImageCache.TryWrite(planted, set, set));
        Assert.NotNull(ImageCache.TryRead(planted, channels: 0, size: 4, trainCount: 1, testCount: 1));
        var cacheFile = Path.Combine(_root, ".cache", "images", "pets-4px-auto-0123.u8");
        Link(cacheFile, planted);

        Assert.Null(ImageCache.TryRead(cacheFile, channels: 0, size: 4, trainCount: 1, testCount: 1));

        Assert.True(ImageCache.TryWrite(cacheFile, set, set)); // the next write replaces the link, not its target
        Assert.Null(new FileInfo(cacheFile).LinkTarget);
        Assert.NotNull(ImageCache.TryRead(cacheFile, channels: 0, size: 4, trainCount: 1, testCount: 1));
    }

    [Theory]
    [InlineData("users/ana/prices.csv", "csv")]
    [InlineData("glyphs", "idx")]
    [InlineData("pets", "image")]
    public void Worker_RefusesTheLinkedFile_WithExitCode2AndOneLine(string dataset, string kind)
    {
        var link = kind switch
        {
            "csv" => Path.Combine(_root, dataset),
            "idx" => Path.Combine(_root, dataset, "train-labels-idx1-ubyte"),
            _ => Path.Combine(_root, dataset, "dog", "secret.png"),
        };
        if (kind == "idx")
        {
            IdxTestFiles.WriteDataset(Path.Combine(_root, dataset), trainCount: 40, testCount: 10, gzip: false);
            File.Delete(link);
        }
        else if (kind == "image")
        {
            WritePets(Path.Combine(_root, dataset));
        }

        Link(link, _secret);
        var spec = _temp.Combine("spec.json");
        File.WriteAllText(spec, ToyData.SpecJson(model: """{ "family": "mlp", "hidden_sizes": [8] }""", dataset: dataset));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = WorkerCommand.Run(["validate", spec, "--data-root", _root], stdout, stderr);

        Assert.Equal((int)ExitCode.Invalid, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{link} leads through a symbolic link to {_secret}, outside the data root {_root}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x", stdout + line, StringComparison.Ordinal);
    }

    private void AssertRefused(DataException error, string link, string target)
    {
        Assert.Contains($"{link} leads through a symbolic link to {target}, outside the data root {_root}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; a data set's files must stay inside it", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-42", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An image folder with cat/ and dog/ (four PNGs each); returns a valid PNG written outside the root.</summary>
    private string WritePets(string folder)
    {
        foreach (var (cls, c) in new[] { ("cat", 0), ("dog", 1) })
        {
            for (var i = 0; i < 4; i++)
            {
                ImageTestFiles.WritePng(Path.Combine(folder, cls, $"{i}.png"), 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 10 * c + i));
            }
        }

        var outside = _temp.Combine("outside", "private.png");
        ImageTestFiles.WritePng(outside, 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 99));
        return outside;
    }

    private static void Link(string link, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, target);
    }
}
