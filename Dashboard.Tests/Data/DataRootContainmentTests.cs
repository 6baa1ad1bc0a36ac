using Ablation.Training.Data;

namespace Ablation.Tests.Data;

/// <summary>A dataset given as a path stays inside the data root, through "..", absolute paths and symbolic links alike.</summary>
public sealed class DataRootContainmentTests : IDisposable
{
    private readonly TempDataRoot _temp = new();
    private readonly string _root;

    public DataRootContainmentTests()
    {
        _root = _temp.Combine("root");
        Directory.CreateDirectory(_root);
        IdxTestFiles.WriteDataset(_temp.Combine("outside", "digits"), trainCount: 4, testCount: 2);
        IdxTestFiles.WriteDataset(Path.Combine(_root, "inside", "digits"), trainCount: 4, testCount: 2);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SymlinkLeavingTheRoot_IsRefused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "escape"), _temp.Combine("outside"));

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root).Resolve("escape/digits"));

        Assert.Equal(
            $"path 'escape/digits' leads outside the data root {_root} through a symbolic link (to {_temp.Combine("outside", "digits")})",
            error.Message);
    }

    [Fact]
    public void SymlinkStayingInsideTheRoot_IsFollowed()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), Path.Combine(_root, "inside"));

        var source = new DataCatalog(_root).Resolve("alias/digits");

        Assert.Equal("alias/digits", source.DisplayName);
        Assert.IsType<ResolvedIdx>(source);
    }

    [Theory]
    [InlineData("../outside/digits")]
    [InlineData("inside/../../outside/digits")]
    public void DotDotOutOfTheRoot_IsRefused(string path)
    {
        var error = Assert.Throws<DataException>(() => new DataCatalog(_root).Resolve(path));

        Assert.Equal($"path '{path}' is outside the data root {_root}", error.Message);
    }

    [Fact]
    public void AbsolutePathOutside_IsRefused()
    {
        var outside = _temp.Combine("outside", "digits");

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root).Resolve(outside));

        Assert.Contains("is absolute", error.Message);
    }
}
