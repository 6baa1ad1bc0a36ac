using Ablation.Contracts.Events;
using Ablation.Dashboard.Services.Runs;

namespace Ablation.Tests.Dashboard;

public sealed class EventPointsTests
{
    private static IReadOnlyList<PointValue> Points(string line, long lastStep) =>
        EventPoints.Of(RunEventJson.Read(line).Event ?? throw new InvalidOperationException(RunEventJson.Read(line).Message), lastStep);

    [Fact]
    public void Batch_GivesLossAndLearningRatePoints()
    {
        var points = Points("""{"event":"batch","time":1.5,"epoch":2,"step":150,"loss":0.25,"lr":0.001}""", 0);

        Assert.Equal([("loss", 0.25), ("lr", 0.001)], points.Select(p => (p.Name, p.Value)));
        Assert.All(points, p => Assert.Equal((150L, 2, "batch", 1.5), (p.Step, p.Epoch, p.Split, p.Time)));
    }

    [Fact]
    public void Epoch_GivesOnePointPerSplitAndMetric_AtTheLastStep()
    {
        var points = Points("""
            {"event":"epoch","time":9,"epochs":3,"metrics":{"epoch":1,"train_loss":0.5,"train_accuracy":0.8,"val_loss":0.4,"val_accuracy":0.85,"test_loss":0.45,"test_accuracy":0.84,"lr":0.001,"train_seconds":7,"epoch_seconds":8,"samples_per_second":900}}
            """, lastStep: 422).ToDictionary(p => $"{p.Split}/{p.Name}", p => (p.Value, p.Step, p.Epoch));

        Assert.Equal(0.85, points["val/accuracy"].Value);
        Assert.Equal(0.45, points["test/loss"].Value);
        Assert.Equal(900, points["train/samples_per_second"].Value);
        Assert.Equal(8, points["train/epoch_seconds"].Value);
        Assert.Equal(0.001, points["train/lr"].Value);
        Assert.All(points.Values, p => Assert.Equal((422L, 1), (p.Step, p.Epoch)));
    }

    [Fact]
    public void Epoch_WithItsStep_SitsThere()
    {
        var points = Points("""{"event":"epoch","epochs":1,"step":30,"metrics":{"epoch":1,"train_loss":0.5,"test_loss":0.4}}""", lastStep: 12);

        Assert.All(points, p => Assert.Equal(30L, p.Step));
    }

    [Fact]
    public void EpochWithoutValidation_HasNoValidationPoints()
    {
        var points = Points("""{"event":"epoch","metrics":{"epoch":1,"train_loss":0.5,"train_accuracy":0.8,"test_loss":0.4,"test_accuracy":0.8,"lr":0.1}}""", 10);

        Assert.DoesNotContain(points, p => p.Split == "val");
        Assert.Contains(points, p => p.Split == "test" && p.Name == "accuracy");
    }

    [Fact]
    public void NonFiniteValues_AreNotStored()
    {
        var points = Points("""{"event":"epoch","metrics":{"epoch":1,"train_loss":"NaN","val_loss":"Infinity","test_loss":0.4}}""", 0);

        Assert.Equal(["test/loss"], points.Select(p => $"{p.Split}/{p.Name}"));
    }

    [Fact]
    public void OtherEvents_CarryNoPoints()
    {
        Assert.Empty(Points("""{"event":"diverged","epoch":1,"step":3,"loss":"NaN"}""", 0));
        Assert.Empty(Points("""{"event":"start","epochs":3}""", 0));
    }
}
