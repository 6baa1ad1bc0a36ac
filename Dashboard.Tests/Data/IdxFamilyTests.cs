using Ablation.Training.Data;

namespace Ablation.Tests.Data;

/// <summary>MNIST, KMNIST and EMNIST under their real file names and folder layouts.</summary>
public sealed class IdxFamilyTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private DatasetLoader Loader() => new(new DataCatalog(_root.Path, _root.Combine("no-debian-copy")));

    private void WriteEmnist(string folder, string split, byte[] trainPixels, int height, int width, byte[] labels)
    {
        var count = labels.Length;
        IdxTestFiles.Write(Path.Combine(folder, $"emnist-{split}-train-images-idx3-ubyte.gz"), IdxTestFiles.ImagesBytes(count, height, width, trainPixels), gzip: true);
        IdxTestFiles.Write(Path.Combine(folder, $"emnist-{split}-train-labels-idx1-ubyte.gz"), IdxTestFiles.LabelsBytes(labels), gzip: true);
        IdxTestFiles.Write(Path.Combine(folder, $"emnist-{split}-test-images-idx3-ubyte.gz"), IdxTestFiles.ImagesBytes(count, height, width, trainPixels), gzip: true);
        IdxTestFiles.Write(Path.Combine(folder, $"emnist-{split}-test-labels-idx1-ubyte.gz"), IdxTestFiles.LabelsBytes(labels), gzip: true);
    }

    [Fact]
    public void Emnist_ImagesAreTransposedBackAndNamedByTheMapping()
    {
        // Stored transposed: a 2x3 image [[0,1,2],[3,4,5]] as written in the file is a 3x2 image
        // whose rows are the stored columns.
        var folder = _root.Combine("emnist");
        byte[] stored = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15];
        WriteEmnist(folder, "letters", stored, height: 2, width: 3, labels: [1, 2]);
        File.WriteAllText(Path.Combine(folder, "emnist-letters-mapping.txt"), "1 65 97\n2 66 98\n");

        var data = Loader().Load(new DataRequest("emnist-letters") { ValidationFraction = 0 });

        Assert.Equal("emnist", data.Source.Format);
        Assert.Equal((3, 2), (data.Train.Height, data.Train.Width));
        Assert.Equal([0, 3, 1, 4, 2, 5], data.Train.Sample(0).ToArray());
        Assert.Equal(["N/A", "A/a", "B/b"], data.ClassNames);
    }

    [Fact]
    public void Emnist_AloneMeansBalanced_AndAMissingSplitIsNamed()
    {
        var folder = _root.Combine("emnist");
        WriteEmnist(folder, "digits", [1, 2, 3, 4], height: 2, width: 2, labels: [0]);

        var error = Assert.Throws<DataException>(() => new DataCatalog(_root.Path).Resolve("emnist"));

        Assert.StartsWith("emnist: not found in", error.Message);
        Assert.Contains("emnist-balanced-train-images-idx3-ubyte.gz", error.Message);
        Assert.IsType<ResolvedIdx>(new DataCatalog(_root.Path).Resolve("emnist-digits"));
    }

    [Fact]
    public void Kmnist_ClassNamesComeFromTheClassMap()
    {
        var folder = _root.Combine("kmnist");
        IdxTestFiles.WriteDataset(folder, trainCount: 6, testCount: 3, classes: 3);
        File.WriteAllText(Path.Combine(folder, "kmnist_classmap.csv"), "index,codepoint,char\n0,U+304A,お\n1,U+304D,き\n2,U+3059,す\n");

        var data = Loader().Load(new DataRequest("kmnist") { ValidationFraction = 0 });

        Assert.Equal(["お", "き", "す"], data.ClassNames);
    }

    [Fact]
    public void Mnist_InTorchvisionsRawFolder_IsFound()
    {
        IdxTestFiles.WriteDataset(_root.Combine("MNIST", "raw"), trainCount: 4, testCount: 2);

        var source = Assert.IsType<ResolvedIdx>(new DataCatalog(_root.Path).Resolve("mnist"));

        Assert.Equal(_root.Combine("MNIST", "raw"), source.Directory);
        Assert.Equal("0", source.ClassNames![0]);
    }
}
