using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;

namespace Ablation.Tests.Data.Tabular;

public sealed class TableReadersTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private string File(string name, string text, bool gzip = false) => TableFiles.Write(_root.Combine(name), text, gzip);

    [Fact]
    public void ReadCsv_HeaderQuotesAndChosenTarget()
    {
        var path = File("house.csv", "rooms,\"area, m2\",price\r\n3,70.5,210000\r\n\r\n4,\"95\",305000\r\n");

        var table = TableReaders.ReadCsv(path, "house.csv", "price");

        Assert.Equal(["rooms", "area, m2"], table.FeatureNames);
        Assert.Equal("price", table.TargetName);
        Assert.Equal([3, 70.5, 4, 95], table.Features);
        Assert.Equal(["210000", "305000"], table.Targets);
        Assert.Equal([2, 4], table.Lines);
        Assert.Null(table.Task);
    }

    [Fact]
    public void ReadCsv_WithoutTarget_TakesTheLastColumn()
    {
        var table = TableReaders.ReadCsv(File("t.csv", "a,b,label\n1,2,x\n"), "t.csv", null);

        Assert.Equal("label", table.TargetName);
        Assert.Equal(["a", "b"], table.FeatureNames);
    }

    [Fact]
    public void ReadCsv_MissingTargetColumn_NamesTheColumnAndTheColumnsThereAre()
    {
        var e = Assert.Throws<DataException>(() => TableReaders.ReadCsv(File("t.csv", "a,b,c\n1,2,3\n"), "t.csv", "price"));

        Assert.Equal("data.target: column 'price' is not in t.csv (its columns: a, b, c)", e.Message);
    }

    [Fact]
    public void ReadCsv_NonNumericFeature_NamesTheLineAndTheColumn()
    {
        var e = Assert.Throws<DataException>(() => TableReaders.ReadCsv(File("t.csv", "a,b,y\n1,2,3\n4,five,6\n"), "t.csv", "y"));

        Assert.StartsWith("t.csv: line 3, column 'b': 'five' is not a number", e.Message);
    }

    [Fact]
    public void ReadCsv_MissingValue_IsRefusedAsNotANumber()
    {
        var e = Assert.Throws<DataException>(() => TableReaders.ReadCsv(File("t.csv", "a,b,y\n1,,3\n"), "t.csv", "y"));

        Assert.Contains("line 2, column 'b': '' is not a number", e.Message);
        Assert.Contains("missing values are not supported", e.Message);
    }

    [Fact]
    public void ReadCsv_RaggedRow_NamesTheLine()
    {
        var e = Assert.Throws<DataException>(() => TableReaders.ReadCsv(File("t.csv", "a,b,y\n1,2,3\n4,5\n"), "t.csv", "y"));

        Assert.Equal("t.csv: line 3 has 2 fields, expected 3 (ragged row)", e.Message);
    }

    [Fact]
    public void ReadCsv_EmptyFile_AndHeaderOnly_AreRefused()
    {
        var empty = Assert.Throws<DataException>(() => TableReaders.ReadCsv(File("e.csv", "\n\n"), "e.csv", null));
        var header = Assert.Throws<DataException>(() => TableReaders.ReadCsv(File("h.csv", "a,y\n"), "h.csv", null));

        Assert.EndsWith("e.csv: is empty (no lines with values)", empty.Message);
        Assert.Equal("h.csv: no data rows after the header line", header.Message);
    }

    [Fact]
    public void ReadSklearnBoston_SkipsTheCountLine_AndTakesMedvAsTheTarget()
    {
        var table = TableReaders.ReadSklearnBoston(File("boston_house_prices.csv", TableFiles.BostonCsv(rows: 12)), "boston_house_prices.csv");

        Assert.Equal(12, table.Count);
        Assert.Equal(13, table.FeatureCount);
        Assert.Equal("CRIM", table.FeatureNames[0]);
        Assert.Equal("LSTAT", table.FeatureNames[^1]);
        Assert.Equal("MEDV", table.TargetName);
        Assert.Equal(TabularTask.Regression, table.Task);
        Assert.Equal(3, table.Lines[0]);
    }

    [Fact]
    public void ReadSklearnBoston_FewerRowsThanAnnounced_IsATruncatedFile()
    {
        var text = TableFiles.BostonCsv(rows: 12);
        var truncated = text[..text.TrimEnd().LastIndexOf('\n')];

        var e = Assert.Throws<DataException>(() => TableReaders.ReadSklearnBoston(File("b.csv", truncated), "b.csv"));

        Assert.Equal("b.csv: line 1 announces 12 rows but the file has 11 (truncated?)", e.Message);
    }

    [Fact]
    public void ReadSklearnClassification_ClassNamesFromTheFirstLine()
    {
        string[] names = ["sl", "sw", "pl", "pw"];
        var table = TableReaders.ReadSklearnClassification(File("iris.csv", TableFiles.IrisCsv(rows: 9)), "iris.csv", names, "species");

        Assert.Equal(["setosa", "versicolor", "virginica"], table.ClassNames!);
        Assert.Equal(9, table.Count);
        Assert.Equal(names, table.FeatureNames);
        Assert.Equal(["0", "1", "2"], table.Targets[..3]);
        Assert.Equal(TabularTask.Classification, table.Task);
    }

    [Fact]
    public void ReadSklearnDigits_GzippedWithoutHeader_64PixelsAndTheDigit()
    {
        var table = TableReaders.ReadSklearnDigits(File("digits.csv.gz", TableFiles.DigitsCsv(rows: 20), gzip: true), "digits.csv.gz");

        Assert.Equal(20, table.Count);
        Assert.Equal(64, table.FeatureCount);
        Assert.Equal("pixel_7_7", table.FeatureNames[^1]);
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString()), table.ClassNames!);
        Assert.Equal("3", table.Targets[3]);
        Assert.Equal(16, table.Features[3 * 64 + 3]);
    }

    [Fact]
    public void ReadSklearnDiabetes_JoinsTheTwoSpaceSeparatedFiles()
    {
        var (data, target) = TableFiles.DiabetesCsv(rows: 6);
        var table = TableReaders.ReadSklearnDiabetes(File("d.csv.gz", data, gzip: true), File("t.csv.gz", target, gzip: true), "d.csv.gz", "t.csv.gz");

        Assert.Equal(6, table.Count);
        Assert.Equal(["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"], table.FeatureNames);
        Assert.Equal(103, double.Parse(table.Targets[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(41, table.Features[10]);
    }

    [Fact]
    public void ReadSklearnDiabetes_RowCountsThatDiffer_AreRefused()
    {
        var (data, target) = TableFiles.DiabetesCsv(rows: 6);
        var e = Assert.Throws<DataException>(() => TableReaders.ReadSklearnDiabetes(
            File("d.csv", data), File("t.csv", string.Join('\n', target.Split('\n').Take(4))), "d.csv", "t.csv"));

        Assert.Equal("d.csv has 6 rows but t.csv has 4", e.Message);
    }
}
