using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;

namespace Ablation.Tests.Data.Tabular;

public sealed class CsvTextTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private string File(string name, string text, bool gzip = false) => TableFiles.Write(_root.Combine(name), text, gzip);

    [Fact]
    public void ReadCsv_QuotedFieldsHoldCommasQuotesAndLineBreaks_RowsKeepTheLineTheyStartOn()
    {
        var path = File("pets.csv",
            "weight,\"height, cm\",\"kind \"\"as sold\"\"\"\r\n" +
            "4.5,30,\"cat, small\"\r\n" +
            "30,\"60\",\"dog\r\nlarge\"\r\n" +
            "\r\n" +
            " 5 , 31 ,  \"say \"\"meow\"\"\"  \n");

        var table = TableReaders.ReadCsv(path, "pets.csv", null);

        Assert.Equal(["weight", "height, cm"], table.FeatureNames);
        Assert.Equal("kind \"as sold\"", table.TargetName);
        Assert.Equal(["cat, small", "dog\r\nlarge", "say \"meow\""], table.Targets);
        Assert.Equal([4.5, 30, 30, 60, 5, 31], table.Features);
        Assert.Equal([2, 3, 6], table.Lines); // the dog's row takes lines 3 and 4, line 5 is blank
    }

    [Fact]
    public void ReadCsv_ABadValueAfterAMultiLineField_IsNamedByItsOwnLine()
    {
        var path = File("t.csv", "a,b,y\n1,2,\"two\nlines\"\n3,x,z\n");

        var e = Assert.Throws<DataException>(() => TableReaders.ReadCsv(path, "t.csv", "y"));

        Assert.StartsWith("t.csv: line 4, column 'b': 'x' is not a number", e.Message);
    }

    [Fact]
    public void ReadCsv_AQuoteLeftOpen_IsRefusedWithTheLineItOpensOn()
    {
        var path = File("t.csv", "a,b,y\n1,2,3\n4,\"5,6\n7,8,9\n");

        var e = Assert.Throws<DataException>(() => TableReaders.ReadCsv(path, "t.csv", "y"));

        Assert.Equal($"{path}: line 3: a quoted field is not closed", e.Message);
    }

    [Fact]
    public void ReadCsv_TextAfterAClosingQuote_IsRefusedWithItsLine()
    {
        var path = File("t.csv", "a,b,y\n1,2,3\n\n4,\"5\"0,6\n");

        var e = Assert.Throws<DataException>(() => TableReaders.ReadCsv(path, "t.csv", "y"));

        Assert.Equal($"{path}: line 4: text after a closing quote", e.Message);
    }

    [Fact]
    public void ReadCsv_AStrayQuoteInsideAField_IsText()
    {
        var table = TableReaders.ReadCsv(File("t.csv", "a,y\n1,12\" screen\n"), "t.csv", "y");

        Assert.Equal(["12\" screen"], table.Targets);
    }

    [Fact]
    public void ReadCsv_AQuoteLeftOpenInAHugeFile_StopsAtTheRowLimit()
    {
        var rows = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i},{i + 1},{i % 3}\n"));
        var path = File("big.csv", "a,b,y\n1,\"2,3\n" + rows);
        Assert.True(new FileInfo(path).Length > 2.5 * CsvText.MaxRowBytes);

        var e = Assert.Throws<DataException>(() => TableReaders.ReadCsv(path, "big.csv", "y"));

        Assert.Equal($"{path}: line 2: a row longer than 1 MiB (is a quote left open?)", e.Message);
    }

    [Fact]
    public void ReadFile_GzippedAndWithAByteOrderMark_ReadsLikeThePlainFile()
    {
        var text = "\uFEFFa,\"b, c\"\r\n1,2\r\n";

        var plain = CsvText.ReadFile(File("t.csv", text));
        var zipped = CsvText.ReadFile(File("t.csv.gz", text, gzip: true));

        Assert.Equal(["a", "b, c"], plain[0].Fields);
        Assert.Equal(plain.Select(l => (l.Number, string.Join('|', l.Fields))), zipped.Select(l => (l.Number, string.Join('|', l.Fields))));
    }

    [Fact]
    public void ReadFile_SpaceSeparated_RunsOfSpacesSeparateOnce_BlankLinesSkipped()
    {
        var lines = CsvText.ReadFile(File("d.csv", "59 2  32.1\n   \n48 1 21.6 \n"), whitespaceSeparated: true);

        Assert.Equal([(1, "59|2|32.1"), (3, "48|1|21.6")], lines.Select(l => (l.Number, string.Join('|', l.Fields))));
    }

    [Fact]
    public void ReadFile_ACorruptGzip_IsReportedAsUnreadable()
    {
        var path = File("t.csv.gz", "not gzip at all");

        var e = Assert.Throws<DataException>(() => CsvText.ReadFile(path));

        Assert.StartsWith($"{path}: cannot be read (", e.Message);
    }
}
