using Ablation.Training.Data;

namespace Ablation.Tests.Data;

public sealed class DataCatalogTests : IDisposable
{
    private readonly TempDataRoot _temp = new();
    private readonly string _root;
    private readonly string _noDebianCopy;

    public DataCatalogTests()
    {
        _root = _temp.Combine("root");
        Directory.CreateDirectory(_root);
        _noDebianCopy = _temp.Combine("no-debian-copy");
    }

    public void Dispose() => _temp.Dispose();

    private DataCatalog Catalog(string? debianDirectory = null) => new(_root, debianDirectory ?? _noDebianCopy);

    [Fact]
    public void Resolve_MnistId_FindsGzippedFilesAndNamesDigits()
    {
        IdxTestFiles.WriteDataset(Path.Combine(_root, "mnist"), trainCount: 4, testCount: 2);

        var resolved = Assert.IsType<ResolvedIdx>(Catalog().Resolve("mnist"));

        Assert.Equal("mnist", resolved.DisplayName);
        Assert.Equal(Path.Combine(_root, "mnist", "train-images-idx3-ubyte.gz"), resolved.TrainImages);
        Assert.Equal(Path.Combine(_root, "mnist", "train-labels-idx1-ubyte.gz"), resolved.TrainLabels);
        Assert.Equal(Path.Combine(_root, "mnist", "t10k-images-idx3-ubyte.gz"), resolved.TestImages);
        Assert.Equal(Path.Combine(_root, "mnist", "t10k-labels-idx1-ubyte.gz"), resolved.TestLabels);
        Assert.NotNull(resolved.ClassNames);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], resolved.ClassNames);
    }

    [Fact]
    public void Resolve_RawFiles_AreFound()
    {
        IdxTestFiles.WriteDataset(Path.Combine(_root, "kmnist"), trainCount: 4, testCount: 2, gzip: false);

        var resolved = Assert.IsType<ResolvedIdx>(Catalog().Resolve("kmnist"));

        Assert.Equal(Path.Combine(_root, "kmnist", "t10k-labels-idx1-ubyte"), resolved.TestLabels);
    }

    [Fact]
    public void Resolve_DotVariantNames_AreFound()
    {
        IdxTestFiles.WriteDataset(Path.Combine(_root, "mnist"), trainCount: 4, testCount: 2, dotVariant: true);

        var resolved = Assert.IsType<ResolvedIdx>(Catalog().Resolve("mnist"));

        Assert.Equal(Path.Combine(_root, "mnist", "train-images.idx3-ubyte.gz"), resolved.TrainImages);
        Assert.Equal(Path.Combine(_root, "mnist", "t10k-labels.idx1-ubyte.gz"), resolved.TestLabels);
    }

    [Fact]
    public void Resolve_OtherId_LeavesClassNamesToTheLoader()
    {
        IdxTestFiles.WriteDataset(Path.Combine(_root, "my_digits-v2.1"), trainCount: 4, testCount: 2);

        var resolved = Assert.IsType<ResolvedIdx>(Catalog().Resolve("my_digits-v2.1"));

        Assert.Null(resolved.ClassNames);
        Assert.Equal("my_digits-v2.1", resolved.DisplayName);
    }

    [Fact]
    public void Resolve_RelativePath_FindsFolderInsideRoot()
    {
        IdxTestFiles.WriteDataset(Path.Combine(_root, "users", "ana", "digits"), trainCount: 4, testCount: 2);

        var resolved = Assert.IsType<ResolvedIdx>(Catalog().Resolve("users/ana/./digits/"));

        Assert.Equal("users/ana/digits", resolved.DisplayName);
        Assert.Equal(Path.Combine(_root, "users", "ana", "digits"), resolved.Directory);
        Assert.Null(resolved.ClassNames);
    }

    [Fact]
    public void Resolve_RelativePathWithDotDotStayingInside_IsAllowed()
    {
        IdxTestFiles.WriteDataset(Path.Combine(_root, "b"), trainCount: 4, testCount: 2);

        var resolved = Assert.IsType<ResolvedIdx>(Catalog().Resolve("a/../b"));

        Assert.Equal("b", resolved.DisplayName);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("./..")]
    [InlineData("../root-sibling/mnist")]
    public void Resolve_PathEscapingTheDataRoot_IsRefused(string path)
    {
        // A sibling folder that merely starts with the root's name must not count as inside it.
        IdxTestFiles.WriteDataset(_temp.Combine("root-sibling", "mnist"), trainCount: 4, testCount: 2);

        var error = Assert.Throws<DataException>(() => Catalog().Resolve(path));

        Assert.Equal($"path '{path}' is outside the data root {_root}", error.Message);
    }

    [Fact]
    public void Resolve_AbsolutePath_IsRefusedEvenInsideTheRoot()
    {
        var inside = Path.Combine(_root, "mnist");
        IdxTestFiles.WriteDataset(inside, trainCount: 4, testCount: 2);

        var error = Assert.Throws<DataException>(() => Catalog().Resolve(inside));

        Assert.Contains($"path '{inside}' is absolute", error.Message);
        Assert.Throws<DataException>(() => Catalog().Resolve("/etc/passwd"));
    }

    [Theory]
    [InlineData("MNIST")]
    [InlineData("..")]
    [InlineData("-mnist")]
    [InlineData("my digits")]
    [InlineData("")]
    [InlineData("  ")]
    public void Resolve_InvalidId_IsRefused(string id)
    {
        Assert.Throws<DataException>(() => Catalog().Resolve(id));
    }

    [Fact]
    public void Resolve_MissingFolder_SaysWhereToDropWhichFiles()
    {
        var error = Assert.Throws<DataException>(() => Catalog().Resolve("mnist"));

        var folder = Path.Combine(_root, "mnist");
        Assert.Contains(folder, error.Message);
        Assert.Contains("train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]", error.Message);
    }

    [Fact]
    public void Resolve_EmptyFolder_SaysNoIdxFiles()
    {
        Directory.CreateDirectory(Path.Combine(_root, "mnist"));

        var error = Assert.Throws<DataException>(() => Catalog().Resolve("mnist"));

        Assert.Equal(
            $"mnist: no IDX files in {Path.Combine(_root, "mnist")} (expected train-images-idx3-ubyte[.gz], "
            + "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz])",
            error.Message);
    }

    [Fact]
    public void Resolve_SomeFilesMissing_NamesTheMissingOnes()
    {
        var folder = Path.Combine(_root, "mnist");
        IdxTestFiles.WriteDataset(folder, trainCount: 4, testCount: 2);
        File.Delete(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));

        var error = Assert.Throws<DataException>(() => Catalog().Resolve("mnist"));

        Assert.Equal($"mnist: missing t10k-labels-idx1-ubyte[.gz] in {folder}", error.Message);
    }

    [Fact]
    public void Resolve_FashionMnistInDataRoot_WinsOverDebianCopy()
    {
        var debian = _temp.Combine("debian");
        IdxTestFiles.WriteDataset(debian, trainCount: 4, testCount: 2);
        IdxTestFiles.WriteDataset(Path.Combine(_root, "fashion-mnist"), trainCount: 4, testCount: 2, gzip: false);

        var resolved = Assert.IsType<ResolvedIdx>(Catalog(debian).Resolve("fashion-mnist"));

        Assert.Equal(Path.Combine(_root, "fashion-mnist"), resolved.Directory);
        Assert.Equal(Path.Combine(_root, "fashion-mnist", "train-images-idx3-ubyte"), resolved.TrainImages);
    }

    [Fact]
    public void Resolve_FashionMnistNotInDataRoot_FallsBackToDebianCopy()
    {
        var debian = _temp.Combine("debian");
        IdxTestFiles.WriteDataset(debian, trainCount: 4, testCount: 2);

        var resolved = Assert.IsType<ResolvedIdx>(Catalog(debian).Resolve("fashion-mnist"));

        Assert.Equal("fashion-mnist", resolved.DisplayName);
        Assert.Equal(Path.Combine(debian, "train-images-idx3-ubyte.gz"), resolved.TrainImages);
        Assert.Equal(Path.Combine(debian, "t10k-labels-idx1-ubyte.gz"), resolved.TestLabels);
        Assert.NotNull(resolved.ClassNames);
        Assert.Equal(
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            resolved.ClassNames);
    }

    [Fact]
    public void Resolve_FashionMnistHalfCopiedIntoDataRoot_IsAnErrorNotASilentFallback()
    {
        var debian = _temp.Combine("debian");
        IdxTestFiles.WriteDataset(debian, trainCount: 4, testCount: 2);
        var own = Path.Combine(_root, "fashion-mnist");
        IdxTestFiles.WriteDataset(own, trainCount: 4, testCount: 2);
        File.Delete(Path.Combine(own, "train-labels-idx1-ubyte.gz"));

        var error = Assert.Throws<DataException>(() => Catalog(debian).Resolve("fashion-mnist"));

        Assert.Contains("missing train-labels-idx1-ubyte[.gz]", error.Message);
    }

    [Fact]
    public void Resolve_FashionMnistNowhere_NamesBothPlaces()
    {
        var error = Assert.Throws<DataException>(() => Catalog().Resolve("fashion-mnist"));

        Assert.Contains(Path.Combine(_root, "fashion-mnist"), error.Message);
        Assert.Contains(_noDebianCopy, error.Message);
        Assert.Contains("dataset-fashion-mnist", error.Message);
    }

    [Fact]
    public void Constructor_RelativeDataRoot_IsMadeAbsolute()
    {
        var catalog = new DataCatalog("some/relative/root");

        Assert.True(Path.IsPathFullyQualified(catalog.DataRoot));
    }
}
