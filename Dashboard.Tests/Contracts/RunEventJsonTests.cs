using System.Text.Json;
using Ablation.Contracts.Evaluation;
using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;

namespace Ablation.Tests.Contracts;

public sealed class RunEventJsonTests
{
    private static readonly EpochMetrics _epoch = new()
    {
        Epoch = 2,
        Train = SplitScores.Of((Metric.Loss, 0.41), (Metric.Accuracy, 0.85)),
        Validation = SplitScores.Of((Metric.Loss, double.NaN), (Metric.Accuracy, 0.88)),
        Test = SplitScores.Of((Metric.Loss, double.PositiveInfinity), (Metric.Accuracy, 0.87)),
        Lr = 0.001, TrainSeconds = 90.4, EpochSeconds = 119.1, SamplesPerSecond = 597.4,
    };

    /// <summary>One of every event of the schema, every field set.</summary>
    public static TheoryData<RunEvent> Events() =>
    [
        new StartEvent
        {
            Time = 0.33, SpecHash = "84907ff1018b0bad", Device = "cpu", Threads = 2, TorchVersion = "1.13.1", Dataset = "fashion-mnist",
            TrainSize = 54000, ValidationSize = 6000, TestSize = 10000, InputShape = [1, 28, 28], Classes = 10, Parameters = 50378,
            Epochs = 3, StepsPerEpoch = 422, ResumedFromEpoch = 1,
        },
        new ModelEvent { Time = 0.4, Family = "cnn", Parameters = 320, Layers = [new LayerSummary("conv1", "Conv2d(1→32, k3)", [32, 28, 28], 320, 0)] },
        new BatchEvent { Time = 9.6, Epoch = 1, Step = 50, Loss = 0.705, Lr = 0.001 },
        new EpochEvent { Time = 119.5, Epochs = 3, Step = 422, Metrics = _epoch },
        new CheckpointEvent { Time = 120, Epoch = 1, Path = "/runs/1/state.json" },
        new BestCheckpointEvent { Time = 120, Epoch = 1, Metric = "val_accuracy", Value = 0.88, Path = "/runs/1/best.pt" },
        new StoppedEarlyEvent { Time = 121, Epoch = 4, Epochs = 10, Metric = "val_loss", Best = 0.3, BestEpoch = 2, Patience = 2 },
        new EvaluationEvent { Time = 122, Kind = EvaluationKind.Regression, Path = "/runs/1/evaluation.json" },
        new DivergedEvent { Time = 5, Epoch = 1, Step = 7, Loss = double.NaN },
        new CanceledEvent { Time = 6, Epoch = 2, Step = 9 },
        new FinalEvent { Time = 360.2, Status = FinalEvent.Succeeded, Metrics = new() { ["test_accuracy"] = 0.905, ["best_val_accuracy"] = null, ["seconds"] = double.NaN } },
        new ErrorEvent { Time = 0.1, Kind = ErrorKind.Data, Message = "data: no such data set 'x'" },
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void EveryEvent_RoundTripsThroughTheOneContext(RunEvent e)
    {
        var line = RunEventJson.Serialize(e);

        var read = RunEventJson.Read(line);

        Assert.Null(read.Message);
        Assert.IsType(e.GetType(), read.Event);
        Assert.Equal(line, RunEventJson.Serialize(read.Event!));
        Assert.StartsWith($$"""{"event":"{{e.Name}}","schema":"{{EventSchema.Current}}","time":""", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void TheRoundTripCoversEveryEventOfTheSchema()
    {
        var tested = Events().Cast<object[]>().Select(row => ((RunEvent)row[0]).Name).ToHashSet();

        Assert.Equal(RunEventJson.EventNames.Order(), tested.Order());
    }

    [Fact]
    public void Fields_AreSnakeCase_NonFiniteNumbersStrings_AndAbsentFieldsLeftOut()
    {
        var epoch = RunEventJson.Serialize(new EpochEvent { Time = 1, Step = 2, Metrics = _epoch });
        var error = RunEventJson.Serialize(new ErrorEvent { Message = "boom" });

        Assert.Contains("\"metrics\":{\"epoch\":2,\"train_loss\":0.41,\"train_accuracy\":0.85,\"val_loss\":\"NaN\",\"val_accuracy\":0.88,\"test_loss\":\"Infinity\"", epoch);
        Assert.Contains("\"samples_per_second\":597.4}", epoch);
        Assert.DoesNotContain("epochs", epoch); // not set: left out, not null
        Assert.Equal("""{"event":"error","schema":"1.0","time":0,"message":"boom"}""", error);
        Assert.Contains("\"kind\":\"data\"", RunEventJson.Serialize(new ErrorEvent { Kind = ErrorKind.Data, Message = "x" }));
    }

    [Fact]
    public void LinesWrittenBeforeTheSchemaField_AreReadAsSchema1()
    {
        // As in events.jsonl files of runs recorded before the contract, and the tests' scripted workers.
        var start = RunEventJson.Read("""{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":3,"resumed_from_epoch":0}""");
        var epoch = RunEventJson.Read("""{"event":"epoch","time":0.3,"epochs":3,"metrics":{"epoch":1,"train_loss":1.0,"train_accuracy":0.4,"val_loss":0.9,"val_accuracy":0.5,"test_loss":0.9,"test_accuracy":0.5,"lr":0.1,"train_seconds":0.1,"epoch_seconds":0.2,"samples_per_second":100}}""");
        var error = RunEventJson.Read("""{"event":"error","time":0.3,"message":"scripted failure"}""");

        var s = Assert.IsType<StartEvent>(start.Event);
        Assert.Equal(("cpu", 10L, 3, 0), (s.Device, s.Parameters, s.Epochs, s.ResumedFromEpoch));
        Assert.Null(s.SpecHash);
        var m = Assert.IsType<EpochEvent>(epoch.Event).Metrics;
        Assert.Equal((1, 0.5, 0.9, 0.1), (m.Epoch, m.ValAccuracy, m[Split.Test, Metric.Loss], m.Lr));
        Assert.Null(Assert.IsType<EpochEvent>(epoch.Event).Step);
        Assert.Equal("scripted failure", Assert.IsType<ErrorEvent>(error.Event).Message);
    }

    [Fact]
    public void TheEventName_NeedNotComeFirst()
    {
        var read = RunEventJson.Read("""{"step":5,"epoch":1,"loss":0.5,"schema":"1.0","event":"batch"}""");

        Assert.Equal(5, Assert.IsType<BatchEvent>(read.Event).Step);
    }

    [Fact]
    public void ANewerMinorVersion_IsRead_ItsUnknownFieldsSkipped()
    {
        var read = RunEventJson.Read("""{"event":"batch","schema":"1.7","epoch":1,"step":5,"loss":0.5,"grad_norm":3.2,"metrics_v2":{"a":1}}""");

        Assert.Equal(0.5, Assert.IsType<BatchEvent>(read.Event).Loss);
    }

    [Fact]
    public void ANewerMajorVersion_IsRefused_SayingWhy()
    {
        var read = RunEventJson.Read("""{"event":"epoch","schema":"2.0","time":1,"metrics":[1,2,3]}""");

        Assert.Null(read.Event);
        Assert.Equal(EventLineProblem.UnsupportedSchema, read.Problem);
        Assert.Equal("'epoch' event: written in event schema 2.0, but this program reads schema 1.x (up to 1.0); update it to read this run", read.Message);
    }

    [Theory]
    [InlineData("""{"event":"batch","schema":"one","epoch":1,"step":5,"loss":0.5}""", "'batch' event: schema 'one' is not a version (MAJOR.MINOR such as 1.0)")]
    [InlineData("""{"event":"batch","schema":2,"epoch":1,"step":5,"loss":0.5}""", "'batch' event: schema 'number' is not a version (MAJOR.MINOR such as 1.0)")]
    public void ASchemaThatIsNoVersion_IsRefused(string line, string message)
    {
        var read = RunEventJson.Read(line);

        Assert.Equal((EventLineProblem.UnsupportedSchema, message), (read.Problem, read.Message));
    }

    [Fact]
    public void AnUnknownEvent_IsRefused_NamingItAndTheKnownOnes()
    {
        var read = RunEventJson.Read("""{"event":"gradient","schema":"1.0","norm":3}""");

        Assert.Null(read.Event);
        Assert.Equal(EventLineProblem.UnknownEvent, read.Problem);
        Assert.StartsWith("unknown event 'gradient' (schema 1.0 has start, model, batch, epoch, ", read.Message);
    }

    [Theory]
    [InlineData("""{"event":"batch","epoch":1,"loss":0.5}""", "'batch' event: missing 'step'")]
    [InlineData("""{"event":"epoch","metrics":{"train_loss":0.5}}""", "'epoch' event: epoch metrics need 'epoch'")]
    [InlineData("""{"event":"epoch","metrics":{"epoch":1,"train_loss":"low"}}""", "'epoch' event: 'train_loss' must be a number")]
    [InlineData("""{"event":"error","kind":"cosmic","message":"x"}""", "'error' event: the value at kind does not fit the schema")]
    public void AKnownEventThatDoesNotFit_IsRefused_NamingTheField(string line, string message)
    {
        var read = RunEventJson.Read(line);

        Assert.Null(read.Event);
        Assert.Equal(EventLineProblem.Invalid, read.Problem);
        Assert.StartsWith(message, read.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("progress 12%")]
    [InlineData("""{"event":"batch","step":1,"lo""")]
    [InlineData("""{"step":1}""")]
    [InlineData("""{"event":3}""")]
    [InlineData("""[1,2]""")]
    public void LinesThatAreNoEvent_AreRefusedAsSuch(string line)
    {
        var read = RunEventJson.Read(line);

        Assert.Null(read.Event);
        Assert.Equal(EventLineProblem.NotAnEvent, read.Problem);
    }

    [Fact]
    public void EpochMetrics_SkipNamesThisReaderDoesNotKnow()
    {
        var read = RunEventJson.Read("""{"event":"epoch","metrics":{"epoch":1,"train_loss":0.5,"train_top5":0.9,"val_loss":null}}""");

        var m = Assert.IsType<EpochEvent>(read.Event).Metrics;
        Assert.Equal(0.5, m.TrainLoss);
        Assert.Null(m.Validation);
    }

    [Fact]
    public void EveryEpochMetricName_ComesFromSplitAndMetric()
    {
        var all = new EpochMetrics
        {
            Epoch = 1,
            Train = SplitScores.Of([.. Metric.All.Select(m => (m, (double?)1.0))]),
            Validation = SplitScores.Of([.. Metric.All.Select(m => (m, (double?)1.0))]),
            Test = SplitScores.Of([.. Metric.All.Select(m => (m, (double?)1.0))]),
        };

        using var doc = JsonDocument.Parse(RunEventJson.Serialize(new EpochEvent { Metrics = all }));
        var names = doc.RootElement.GetProperty("metrics").EnumerateObject().Select(p => p.Name).Where(n => n != "epoch");

        Assert.Equal(SplitMetric.All.Select(k => k.Key), names);
        Assert.Equal(all, Assert.IsType<EpochEvent>(RunEventJson.Read(doc.RootElement.GetRawText()).Event).Metrics);
    }

    [Fact]
    public void FinalMetrics_UseOnlyNamesOfTheContract()
    {
        var classification = FinalMetrics.From([_epoch, _epoch with { Epoch = 3 }], parameters: 10, seconds: 1.23456, stoppedEarly: false);
        var regression = FinalMetrics.From(
            [new EpochMetrics
            {
                Epoch = 1,
                Train = SplitScores.Of((Metric.Loss, 0.5), (Metric.Mse, 2), (Metric.Mae, 1), (Metric.R2, 0.5)),
                Validation = SplitScores.Of((Metric.Loss, 0.6), (Metric.Mse, 3), (Metric.Mae, 1.5), (Metric.R2, 0.4)),
                Test = SplitScores.Of((Metric.Loss, 0.7), (Metric.Mse, 4), (Metric.Mae, 2), (Metric.R2, 0.3)),
            }], parameters: 10, seconds: 1, stoppedEarly: true);

        Assert.All(classification.Keys.Concat(regression.Keys), k => Assert.NotNull(FinalMetric.FromKey(k)));
        Assert.Equal(0.88, classification["best_val_accuracy"]);
        Assert.Equal(2, classification["best_val_epoch"]);
        Assert.Equal(0.87, classification["test_accuracy_at_best_val"]);
        Assert.Equal(1.235, classification["seconds"]);
        Assert.Equal(0, classification["stopped_early"]);
        Assert.DoesNotContain(regression.Keys, k => k.Contains("accuracy", StringComparison.Ordinal));
        Assert.Equal((4, 0.4, 0.3, 1), (regression["test_mse"], regression["best_val_r2"], regression["test_r2_at_best_val"], regression["stopped_early"]));
    }

    [Fact]
    public void FinalMetric_KnowsItsSeriesAndDirection()
    {
        Assert.Equal(new SplitMetric(Split.Test, Metric.Accuracy), FinalMetric.FromKey("test_accuracy")!.EpochSeries);
        Assert.Null(FinalMetric.FromKey("test_accuracy_at_best_val")!.EpochSeries);
        Assert.True(FinalMetric.FromKey("best_val_r2")!.HigherIsBetter);
        Assert.False(FinalMetric.FromKey("val_mae")!.HigherIsBetter);
        Assert.Null(FinalMetric.FromKey("test_top5"));
    }
}
