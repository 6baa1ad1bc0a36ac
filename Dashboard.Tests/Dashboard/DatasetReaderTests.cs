using System.Diagnostics;
using Ablation.Dashboard.Services.Datasets;
using Ablation.Tests.Data;
using Ablation.Tests.Training;
using Ablation.Training.Data;

namespace Ablation.Tests.Dashboard;

/// <summary>
/// Image folders are read by the worker (`ablate-worker inspect`) in a process of its own: answers
/// are kept per folder state, and a worker that crashes, fails or runs out of time gives the
/// product's message, never a stack trace.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DatasetReaderTests : IDisposable
{
    private static readonly string _worker = Path.Combine(AppContext.BaseDirectory, "ablate-worker");
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private string Data => _root.Combine("data");

    private ImageFolderSource WriteFruit(int perClass = 5)
    {
        foreach (var (cls, c) in new[] { ("apple", 0), ("pear", 1) })
        {
            for (var i = 0; i < perClass; i++)
            {
                ImageTestFiles.WritePng(_root.Combine("data", "fruit", cls, $"{i}.png"), 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 30 * c + i));
            }
        }

        return Fruit();
    }

    private ImageFolderSource Fruit() => (ImageFolderSource)new DataCatalog(Data).Resolve("fruit");

    /// <summary>A stand-in worker: a bash script with <paramref name="body"/>.</summary>
    private string Script(string body)
    {
        var path = _root.Combine($"worker-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static DataException Refusal(DatasetReader reader, ImageFolderSource folder, string dataRoot) =>
        Assert.Throws<DataException>(() => reader.Summarize(dataRoot, "fruit", folder, ImageOptions.Default));

    [Fact]
    public void Folder_IsReadByTheWorker_OnceForAsLongAsItsFilesStayTheSame()
    {
        var reader = new DatasetReader(_worker, TimeSpan.FromSeconds(60));

        var first = reader.Summarize(Data, "fruit", WriteFruit(), ImageOptions.Default);
        var again = reader.Summarize(Data, "fruit", Fruit(), ImageOptions.Default);

        Assert.Equal(("image-folder", 8, 2), (first.Format, first.TrainCount, first.TestCount));
        Assert.Equal([3, 64, 64], first.InputShape);
        Assert.Same(first, again);
        Assert.Equal(1, reader.Started);

        // Another image: another folder state, read again.
        ImageTestFiles.WritePng(_root.Combine("data", "fruit", "pear", "5.png"), 3, 6, 6, ImageTestFiles.Pattern(3, 6, 6, 99));
        var changed = reader.Summarize(Data, "fruit", Fruit(), ImageOptions.Default);

        Assert.Equal(11, changed.TrainCount + changed.TestCount);
        Assert.Equal(2, reader.Started);
    }

    [Fact]
    public void Samples_OfAFolder_AreTheWorkersDecodedTestImages()
    {
        var folder = WriteFruit();
        var reader = new DatasetReader(_worker, TimeSpan.FromSeconds(60));

        var (summary, samples) = reader.Samples(Data, "fruit", folder, 32);

        Assert.Equal(["apple", "pear"], summary.ClassNames);
        Assert.Equal(ImageFolderReader.Decode(folder.Test, 3, 64).Pixels, samples.Pixels);
        Assert.Equal([0L, 1L], samples.Labels);
    }

    [Fact]
    public void Idx_IsReadInThisProcess_WithoutTheWorker()
    {
        ToyData.Write(Data);
        var reader = new DatasetReader(_root.Combine("no-worker-here"), TimeSpan.FromSeconds(60));
        var source = new DataCatalog(Data).Resolve(ToyData.Id);

        var (summary, samples) = reader.Samples(Data, ToyData.Id, source, 8);

        Assert.Equal([1, 12, 12], summary.InputShape);
        Assert.Equal(8, samples.Count);
        Assert.Equal(0, reader.Started);
    }

    [Fact]
    public void UnreadableFolder_GivesTheWorkersOneLine_AndKeepsIt()
    {
        var folder = WriteFruit();
        var bad = _root.Combine("data", "fruit", "apple", "0.png");
        File.WriteAllBytes(bad, [1, 2, 3]);
        folder = Fruit();
        var reader = new DatasetReader(_worker, TimeSpan.FromSeconds(60));

        var refusal = Refusal(reader, folder, Data);
        Refusal(reader, folder, Data);

        Assert.StartsWith(bad + ": ", refusal.Message);
        Assert.Equal(1, reader.Started);
    }

    [Fact]
    public void WorkerKilledBySignal_SaysSoInTheProductsWords_AndIsAskedAgainNextTime()
    {
        var folder = WriteFruit();
        var reader = new DatasetReader(Script("kill -SEGV $$"), TimeSpan.FromSeconds(60));

        var refusal = Refusal(reader, folder, Data);
        Refusal(reader, folder, Data);

        Assert.Equal(
            "fruit: the training worker stopped while reading the folder (it was ended by signal 11, a segmentation fault); "
            + "the dashboard is unaffected. Check the folder's image files, or read it with ./ablate inspect fruit",
            refusal.Message);
        Assert.Equal(2, reader.Started);
    }

    [Fact]
    public void WorkerThatDiesWithAStackTrace_ShowsItsOwnLine_NotTheTrace()
    {
        var folder = WriteFruit();
        var reader = new DatasetReader(Script("""
            echo "ablate: libtorch shim not loadable; tried: /x/libablnative.so (not found)" >&2
            echo "Unhandled exception. System.InvalidOperationException: boom" >&2
            echo "   at Ablation.Training.Data.ImageDecoding.Info(String path)" >&2
            exit 134
            """), TimeSpan.FromSeconds(60));

        var message = Refusal(reader, folder, Data).Message;

        Assert.Contains("(it was ended by signal 6, an abort: libtorch shim not loadable; tried: /x/libablnative.so (not found))", message);
        Assert.DoesNotContain("System.", message);
        Assert.DoesNotContain(" at ", message);
    }

    [Fact]
    public void WorkerOverTime_IsStopped_AndTheMessageNamesTheSettingToRaise()
    {
        var folder = WriteFruit();
        var pidFile = _root.Combine("worker.pid");
        var reader = new DatasetReader(Script($"echo $$ > '{pidFile}'\nexec sleep 300"), TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var message = Refusal(reader, folder, Data).Message;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"took {clock.Elapsed}");
        Assert.Equal(
            "fruit: reading the folder took longer than 1 s, so the worker reading it was stopped; "
            + "try again, or raise Datasets:InspectTimeoutSeconds for a very large folder",
            message);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.False(Directory.Exists($"/proc/{pid}"), $"the stopped worker {pid} is still there");
    }

    [Fact]
    public void MissingWorker_SaysWhichExecutableCouldNotStart()
    {
        var folder = WriteFruit();
        var missing = _root.Combine("no-such-worker");
        var reader = new DatasetReader(missing, TimeSpan.FromSeconds(60));

        var message = Refusal(reader, folder, Data).Message;

        Assert.StartsWith($"fruit: the training worker {missing}, which reads image folders, could not be started (", message);
    }
}
