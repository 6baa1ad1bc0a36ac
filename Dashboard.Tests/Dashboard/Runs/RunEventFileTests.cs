using System.Text;
using Ablation.Dashboard.Services.Runs;
using Ablation.Tests.Data;

namespace Ablation.Tests.Dashboard.Runs;

public sealed class RunEventFileTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private string Path => _root.Combine("events.jsonl");

    private void Append(string text) => File.AppendAllText(Path, text);

    [Fact]
    public void ReadNew_ReturnsCompleteLinesOnly_WithTheOffsetJustPastEach()
    {
        using var file = new RunEventFile(Path, 0);
        Assert.Empty(file.ReadNew()); // no file yet

        Append("{\"a\":1}\n{\"b\":");
        var first = file.ReadNew();
        Assert.Equal([new EventFileLine("{\"a\":1}", 8)], first);
        Assert.Equal(8, file.Offset);

        Append("2}\n");
        Assert.Equal([new EventFileLine("{\"b\":2}", 16)], file.ReadNew());
        Assert.Empty(file.ReadNew());
        Assert.Equal(16, file.Offset);
    }

    [Fact]
    public void ReadingFromAStoredOffset_ResumesAtTheFirstLineNotStored()
    {
        Append("one\ntwo\nthr");
        using (var before = new RunEventFile(Path, 0))
        {
            Assert.Equal(["one", "two"], before.ReadNew().Select(l => l.Text));
        }

        // What a supervisor after a crash does: start at the offset stored with line "one".
        Append("ee\n");
        using var after = new RunEventFile(Path, 4);
        Assert.Equal([new EventFileLine("two", 8), new EventFileLine("three", 14)], after.ReadNew());
    }

    [Fact]
    public void MultiByteCharacters_SplitAcrossReads_AreDecodedWhole()
    {
        using var file = new RunEventFile(Path, 0);
        var line = Encoding.UTF8.GetBytes("{\"layer\":\"Conv2d(1→32)\"}\n");
        File.WriteAllBytes(Path, line[..12]);
        Assert.Empty(file.ReadNew());
        using (var stream = new FileStream(Path, FileMode.Append))
        {
            stream.Write(line.AsSpan(12));
        }

        Assert.Equal("{\"layer\":\"Conv2d(1→32)\"}", file.ReadNew().Single().Text);
    }

    [Fact]
    public void OverlongLine_IsSkipped_WithoutBufferingIt_AndTheNextLineIsRead()
    {
        using var file = new RunEventFile(Path, 0);
        Append(new string('x', RunEventFile.MaxLineBytes + 10));
        Assert.Empty(file.ReadNew());
        Append(new string('x', 100) + "\n{\"ok\":true}\n");

        var lines = file.ReadNew();

        Assert.Equal(["{\"ok\":true}"], lines.Select(l => l.Text));
        Assert.Equal(1, file.SkippedLongLines);
        Assert.Equal(new FileInfo(Path).Length, file.Offset);
    }

    [Fact]
    public void FileShorterThanWhatWasStored_IsReportedAsReplaced()
    {
        Append("one\n");
        using var file = new RunEventFile(Path, 100);

        var e = Assert.Throws<InvalidDataException>(() => file.ReadNew());
        Assert.Contains("was replaced", e.Message);
    }
}
