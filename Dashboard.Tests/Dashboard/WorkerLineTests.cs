using Ablation.Dashboard.Services.Runs;

namespace Ablation.Tests.Dashboard;

public sealed class WorkerLineTests
{
    [Fact]
    public void Batch_GivesLossAndLearningRatePoints()
    {
        var line = WorkerLine.TryParse("""{"event":"batch","time":1.5,"epoch":2,"step":150,"loss":0.25,"lr":0.001}""", 0)!;

        Assert.Equal("batch", line.Event);
        Assert.Equal([("loss", 0.25), ("lr", 0.001)], line.Points.Select(p => (p.Name, p.Value)));
        Assert.All(line.Points, p => Assert.Equal((150L, 2, "batch", 1.5), (p.Step, p.Epoch, p.Split, p.Time)));
    }

    [Fact]
    public void Epoch_GivesOnePointPerSplitAndMetric_AtTheLastStep()
    {
        var line = WorkerLine.TryParse("""
            {"event":"epoch","time":9,"epochs":3,"metrics":{"epoch":1,"train_loss":0.5,"train_accuracy":0.8,"val_loss":0.4,"val_accuracy":0.85,"test_loss":0.45,"test_accuracy":0.84,"lr":0.001,"train_seconds":7,"epoch_seconds":8,"samples_per_second":900}}
            """, lastStep: 422)!;

        var points = line.Points.ToDictionary(p => $"{p.Split}/{p.Name}", p => p.Value);
        Assert.Equal(0.85, points["val/accuracy"]);
        Assert.Equal(0.45, points["test/loss"]);
        Assert.Equal(900, points["train/samples_per_second"]);
        Assert.Equal(8, points["train/epoch_seconds"]);
        Assert.All(line.Points, p => Assert.Equal((422L, 1), (p.Step, p.Epoch)));
    }

    [Fact]
    public void EpochWithoutValidation_HasNoValidationPoints()
    {
        var line = WorkerLine.TryParse("""{"event":"epoch","metrics":{"epoch":1,"train_loss":0.5,"train_accuracy":0.8,"test_loss":0.4,"test_accuracy":0.8,"lr":0.1}}""", 10)!;

        Assert.DoesNotContain(line.Points, p => p.Split == "val");
    }

    [Theory]
    [InlineData("")]
    [InlineData("progress 12%")]
    [InlineData("""{"event":"batch","step":1,"lo""")]
    [InlineData("""{"step":1}""")]
    [InlineData("""{"event":3}""")]
    [InlineData("""[1,2]""")]
    public void MalformedOrPartialLines_AreSkipped(string text)
    {
        Assert.Null(WorkerLine.TryParse(text, 0));
    }

    [Fact]
    public void NonFiniteNumbers_AreReadFromTheirStrings()
    {
        var line = WorkerLine.TryParse("""{"event":"diverged","epoch":1,"step":3,"loss":"NaN"}""", 0)!;

        Assert.True(double.IsNaN(WorkerLine.Number(line.Json, "loss")!.Value));
    }
}
