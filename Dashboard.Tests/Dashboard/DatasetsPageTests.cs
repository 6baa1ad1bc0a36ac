using System.Net;
using Ablation.Dashboard.Components.Pages;
using Ablation.Dashboard.Services.Datasets;
using Ablation.Tests.Data;
using Ablation.Tests.Training;

namespace Ablation.Tests.Dashboard;

/// <summary>The Datasets page's directory (without a browser) and the page itself served by the host.</summary>
[Collection(TorchCollection.Name)]
public sealed class DatasetsPageTests : IDisposable
{
    private readonly TempDataRoot _root = DashboardHost.NewRoot();

    public void Dispose() => _root.Dispose();

    private DatasetDirectory Directory(string? debian = null) => new(_root.Combine("data"), debian ?? _root.Combine("no-debian-copy"));

    private void WritePngFolder()
    {
        foreach (var (cls, c) in new[] { ("apple", 0), ("pear", 1) })
        {
            for (var i = 0; i < 5; i++)
            {
                ImageTestFiles.WritePng(_root.Combine("data", "fruit", cls, $"{i}.png"), 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 30 * c + i));
            }
        }
    }

    [Fact]
    public void List_ShowsFoundSetsWithSizes_AndMissingOnesWithWhatToDropWhere()
    {
        ImageTestFiles.WriteCifar10(_root.Combine("data", "cifar-10-batches-bin"), perBatch: 4, testCount: 6);
        WritePngFolder();

        var rows = Directory().List().ToDictionary(r => r.Id);

        var cifar = rows["cifar-10"];
        Assert.True(cifar.Available);
        Assert.Equal((20, 6), (cifar.TrainCount, cifar.TestCount));
        Assert.Equal([3, 32, 32], cifar.InputShape!);
        Assert.Equal("airplane", cifar.ClassNames[0]);

        var toy = rows[ToyData.Id];
        Assert.True(toy.Available);
        Assert.Equal([1, 12, 12], toy.InputShape!);

        var fruit = rows["fruit"];
        Assert.Equal(("image-folder", 8, 2), (fruit.Format, fruit.TrainCount, fruit.TestCount));
        Assert.Equal([3, 64, 64], fruit.InputShape!);
        Assert.Equal(["apple", "pear"], fruit.ClassNames);

        var cifar100 = rows["cifar-100"];
        Assert.False(cifar100.Available);
        Assert.Equal(
            $"drop train.bin, test.bin, fine_label_names.txt, coarse_label_names.txt into {_root.Combine("data", "cifar-100-binary")} "
            + "(the \"CIFAR-100 binary version (suitable for C programs)\" archive from Alex Krizhevsky's CIFAR page, unpacked)",
            cifar100.MissingHint);
        Assert.Contains("mnist", rows.Keys);
        Assert.Contains("tiny-imagenet-200", rows.Keys);
        Assert.Contains("emnist-balanced", rows.Keys);
        Assert.False(rows["fashion-mnist"].Available);
        Assert.Contains("dataset-fashion-mnist", rows["fashion-mnist"].MissingHint);
        Assert.DoesNotContain(".cache", rows.Keys);
    }

    [Fact]
    public void List_ShowsTheBuiltInTables_FoundWithRowsAndFeatures_MissingWithTheSetUpStep()
    {
        Ablation.Tests.Data.Tabular.TableFiles.Write(_root.Combine("data", "sklearn", "iris.csv"), Ablation.Tests.Data.Tabular.TableFiles.IrisCsv(rows: 30));

        var rows = Directory().List().ToDictionary(r => r.Id);

        var iris = rows["iris"];
        Assert.Equal(DatasetDescriptor.TabularKind, iris.Kind);
        Assert.True(iris.Available);
        Assert.Equal(30, iris.TrainCount);
        Assert.Equal([4], iris.InputShape!);
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);

        var boston = rows["boston"];
        Assert.False(boston.Available);
        Assert.Null(boston.Problem);
        Assert.Contains("scripts/setup.sh", boston.MissingHint, StringComparison.Ordinal);
        Assert.DoesNotContain("sklearn", rows.Keys);
    }

    [Fact]
    public void List_ReportsABrokenSetWithTheLoadersMessage()
    {
        var folder = _root.Combine("data", "cifar-10-batches-bin");
        ImageTestFiles.WriteCifar10(folder);
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), [1, 2, 3]);

        var cifar = Directory().List().Single(r => r.Id == "cifar-10");

        Assert.False(cifar.Available);
        Assert.StartsWith(Path.Combine(folder, "test_batch.bin") + ": truncated or corrupt", cifar.Problem);
    }

    [Fact]
    public void Samples_TakeEveryClassInTurn_WithTheirPixels()
    {
        WritePngFolder();

        var samples = Directory().Samples("fruit");

        Assert.Equal((3, 64, 64), (samples.Channels, samples.Height, samples.Width));
        Assert.Equal(["apple", "pear"], samples.Images.Select(i => i.ClassName));
        Assert.All(samples.Images, i => Assert.Equal(3 * 64 * 64, Convert.FromBase64String(i.Pixels).Length));
        Assert.Equal(2, DatasetsView.GridItems(samples).Count);
    }

    [Fact]
    public void Samples_OfCifar_AreTheTestRecordsPixels()
    {
        ImageTestFiles.WriteCifar10(_root.Combine("data", "cifar-10-batches-bin"), perBatch: 4, testCount: 12);

        var samples = Directory().Samples("cifar-10");

        Assert.Equal(12, samples.Images.Count);
        Assert.Equal(["airplane", "automobile"], samples.Images.Take(2).Select(i => i.ClassName));
        Assert.All(Convert.FromBase64String(samples.Images[0].Pixels), p => Assert.Equal(200, p));
        Assert.All(Convert.FromBase64String(samples.Images[10].Pixels), p => Assert.Equal(210, p));
    }

    [Fact]
    public void ClassSummary_ShortensLongLists()
    {
        var row = new DatasetDescriptor("x", DatasetDescriptor.ImagesKind, "x", "image-folder", true, 1, 1, [1, 2, 2],
            Enumerable.Range(0, 12).Select(i => $"c{i}").ToList(), "/data/x");

        Assert.Equal("12: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, … and 2 more", DatasetsView.ClassSummary(row));
    }

    [Fact]
    public async Task Page_WhenTheWorkerCrashesOnAFolder_ShowsWhatHappenedInThatRow_AndTheOtherSets()
    {
        WritePngFolder();
        var crashing = _root.Combine("crashing-worker.sh");
        File.WriteAllText(crashing, "#!/usr/bin/env bash\nkill -SEGV $$\n");
        File.SetUnixFileMode(crashing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var host = new DashboardHost(_root, workerPath: crashing);
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/datasets");
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = body[body.IndexOf("data-dataset=\"fruit\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("unreadable", row);
        Assert.Contains("fruit: the training worker stopped while reading the folder (it was ended by signal 11, a segmentation fault); the dashboard is unaffected.", row);
        Assert.Contains("data-dataset=\"toy\"", body);
        Assert.Contains("1×12×12", body);
    }

    [Fact]
    public async Task Page_RendersEverySetAndTheDropHint()
    {
        ImageTestFiles.WriteCifar10(_root.Combine("data", "cifar-10-batches-bin"));
        using var host = new DashboardHost(_root);
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/datasets");
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-dataset=\"cifar-10\"", body);
        Assert.Contains("data-dataset=\"toy\"", body);
        Assert.Contains($"drop train.bin, test.bin, fine_label_names.txt, coarse_label_names.txt into {_root.Combine("data", "cifar-100-binary")}", body);
        Assert.Contains("3×32×32", body);
        Assert.Contains("href=\"datasets\"", body);
    }
}
