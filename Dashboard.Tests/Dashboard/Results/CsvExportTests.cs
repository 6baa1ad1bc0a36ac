using System.Globalization;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Training.Data.Tabular;

namespace Ablation.Tests.Dashboard.Results;

public sealed class CsvExportTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("bn=on, dropout=0", "\"bn=on, dropout=0\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("", "")]
    [InlineData(" padded ", " padded ")]
    [InlineData("\"", "\"\"\"\"")]
    public void Line_QuotesOnlyWhatRfc4180Requires(string field, string expected)
    {
        Assert.Equal($"a,{expected},b\r\n", CsvExport.Line("a", field, "b"));
    }

    [Fact]
    public void Format_WritesNumbersInvariantWithRoundTripPrecision_NullEmpty_NaNAsNaN()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = comma; // a user's culture must not leak into the file
        try
        {
            Assert.Equal("0.30000000000000004", CsvExport.Format(0.1 + 0.2));
            Assert.Equal("1E-07", CsvExport.Format(1e-7));
            Assert.Equal("0.9", CsvExport.Format((double?)0.9));
            Assert.Equal("NaN", CsvExport.Format(double.NaN));
            Assert.Equal("Infinity", CsvExport.Format(double.PositiveInfinity));
            Assert.Equal("-Infinity", CsvExport.Format(double.NegativeInfinity));
            Assert.Equal("", CsvExport.Format(null));
            Assert.Equal("1234567890123", CsvExport.Format(1234567890123L));
            Assert.Equal("Diverged", CsvExport.Format(RunStatus.Diverged));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Format_EveryDoubleParsesBackToItself()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20));
            Assert.Equal(value, double.Parse(CsvExport.Format(value), CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task TableCsv_HasAHeaderWithTheAxesAndOneLinePerRun_EmptyForNulls()
    {
        using var db = await ResultsDatabase.CreateAsync();
        var table = ResultsTable.Build((await ResultsLoader.LoadAsync(db, db.StudyId))!);

        var lines = CsvExport.TableCsv(table).Split("\r\n");

        Assert.Equal(
            "run_id,label,bn,dropout,repeat,seed,status,epochs_done,epochs,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy," +
            "best_val_accuracy,best_val_epoch,test_accuracy_at_best_val,test_loss_at_best_val,parameters,mean_epoch_seconds,error",
            lines[0]);
        Assert.Equal($"{db.Runs.OffZero},\"bn=off, dropout=0\",off,0,0,1,Diverged,1,2,2,0.3,1.9,0.35,0.1,0.95,,,,,1234,,\"diverged at epoch 2, step 150: loss NaN\"", lines[3]);
        Assert.Equal($"{db.Runs.OffPoint3},\"bn=off, \"\"dropout\"\"=0.3\",off,0.3,0,1,Succeeded,2,2,0.4,0.88,0.35,0.89,0.25,0.88,0.89,2,0.88,0.25,1234,2,", lines[4]);
        Assert.Equal([""], lines[5..]); // the file ends with a line break
    }

    [Fact]
    public void TableCsv_FieldsWithLineBreaksAndQuotesParseBack()
    {
        var label = "act=\"gelu, fast\"\r\nsecond line";
        var run = new RunResult
        {
            Id = 7, Label = label, Cell = new Dictionary<string, string> { ["act"] = "gelu, fast" }, Status = RunStatus.Succeeded,
            FinalMetrics = new Dictionary<string, double?> { ["test_accuracy"] = double.NaN, ["test_loss"] = 1.0 / 3 },
        };
        var results = new StudyResults(1, "s", [new ResultAxis("act", "model.activation", ["gelu, fast"])], [run], []);

        var rows = Rfc4180.Parse(CsvExport.TableCsv(ResultsTable.Build(results)));

        Assert.Equal(2, rows.Count);
        var fields = rows[0].Zip(rows[1]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(label, fields["label"]);
        Assert.Equal("gelu, fast", fields["act"]);
        Assert.Equal("NaN", fields["test_accuracy"]);
        Assert.Equal(1.0 / 3, double.Parse(fields["test_loss"], CultureInfo.InvariantCulture));
        Assert.Equal("", fields["val_loss"]);
    }

    [Fact]
    public void TableCsv_ReadsBackThroughTheTableReader_FieldForField_WithTheLinesRowsStartOn()
    {
        RunResult Run(int id, string label, string act, string? error) => new()
        {
            Id = id, Label = label, Cell = new Dictionary<string, string> { ["act"] = act }, Status = error is null ? RunStatus.Succeeded : RunStatus.Failed,
            Error = error, FinalMetrics = new Dictionary<string, double?> { ["test_accuracy"] = 0.5 },
        };
        var results = new StudyResults(1, "s", [new ResultAxis("act", "model.activation", ["gelu, fast", "say \"relu\""])],
            [Run(1, "act=\"gelu, fast\"\r\nsecond line", "gelu, fast", "worker exited with code 1:\nline \"one\"\nline two"), Run(2, "act=relu", "say \"relu\"", null)], []);
        var csv = CsvExport.TableCsv(ResultsTable.Build(results));

        var rows = CsvText.Parse(csv, "results.csv");

        Assert.Equal(Rfc4180.Parse(csv), rows.Select(r => r.Fields));
        var byRun = rows.Skip(1).ToDictionary(r => r.Fields[0], r => (r.Number, Fields: rows[0].Fields.Zip(r.Fields).ToDictionary(p => p.First, p => p.Second)));
        Assert.Equal("act=\"gelu, fast\"\r\nsecond line", byRun["1"].Fields["label"]);
        Assert.Equal("gelu, fast", byRun["1"].Fields["act"]);
        Assert.Equal("worker exited with code 1:\nline \"one\"\nline two", byRun["1"].Fields["error"]);
        Assert.Equal("say \"relu\"", byRun["2"].Fields["act"]);
        // Run 1's row has three line breaks in its fields, so run 2's starts four lines after it.
        Assert.Equal([("run_id", 1), ("1", 2), ("2", 6)], rows.Select(r => (r.Fields[0], r.Number)));
    }

    [Fact]
    public async Task PointsCsv_HasOneLinePerPointWithTheRunsAxesAndSeed()
    {
        using var db = await ResultsDatabase.CreateAsync();
        var results = (await ResultsLoader.LoadAsync(db, db.StudyId))!;

        var rows = Rfc4180.Parse(CsvExport.PointsCsv(results));

        Assert.Equal(["run_id", "label", "bn", "dropout", "seed", "split", "name", "epoch", "step", "value", "time"], rows[0]);
        Assert.Equal(results.PointCount, rows.Count - 1);
        Assert.Equal([db.Runs.OnZero.ToString(), "bn=on, dropout=0", "on", "0", "1", "train", "accuracy", "1", "100", "0.8", "3"], rows[1]);
        Assert.Contains([db.Runs.OffZero.ToString(), "bn=off, dropout=0", "off", "0", "1", "batch", "loss", "2", "150", "1E+30", "3"], rows);
        Assert.Contains(rows, r => r[1] == "bn=off, \"dropout\"=0.3");
    }

    [Fact]
    public void WritePoints_StreamsTheSameTextAsPointsCsv()
    {
        var run = new RunResult { Id = 1, Label = "a", Cell = new Dictionary<string, string>() };
        var results = new StudyResults(1, "s", [], [run], [new RunPoint(1, 5, 1, "batch", "loss", double.NaN, 0.5)]);
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        CsvExport.WritePoints(writer, results);

        Assert.Equal("run_id,label,seed,split,name,epoch,step,value,time\r\n1,a,0,batch,loss,1,5,NaN,0.5\r\n", writer.ToString());
        Assert.Equal(writer.ToString(), CsvExport.PointsCsv(results));
    }

    [Fact]
    public async Task WritePointsAsync_WritesTheSameTextAsPointsCsv_WithoutSynchronousWrites()
    {
        var runs = Enumerable.Range(1, 50).Select(i => new RunResult { Id = i, Label = $"run {i}, \"quoted\"", Cell = new Dictionary<string, string>() }).ToList();
        var points = runs.SelectMany(r => Enumerable.Range(1, 200).Select(s => new RunPoint(r.Id, s, 1 + s / 100, "batch", "loss", 1.0 / s, s * 0.01))).ToList();
        var results = new StudyResults(1, "s", [], runs, points);
        var writer = new AsyncOnlyWriter();

        await CsvExport.WritePointsAsync(writer, results);

        var expected = CsvExport.PointsCsv(results);
        Assert.True(expected.Length > 4 * CsvExport.StreamChunkChars, "the study spans several chunks");
        Assert.Equal(expected, writer.ToString());
        Assert.True(writer.Writes > 4, $"written in chunks, not as one string ({writer.Writes} writes)");
    }

    /// <summary>A writer that, like a response body, takes only asynchronous writes.</summary>
    private sealed class AsyncOnlyWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public int Writes { get; private set; }

        public override void Write(char value) => throw new InvalidOperationException("synchronous write");

        public override void Write(string? value) => throw new InvalidOperationException("synchronous write");

        public override void Write(char[] buffer, int index, int count) => throw new InvalidOperationException("synchronous write");

        public override void Write(ReadOnlySpan<char> buffer) => throw new InvalidOperationException("synchronous write");

        public override Task WriteAsync(System.Text.StringBuilder? value, CancellationToken cancellationToken = default)
        {
            Writes++;
            GetStringBuilder().Append(value);
            return Task.CompletedTask;
        }
    }
}
