using Ablation.Dashboard.Components.Live;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Runs;
using Ablation.Dashboard.Services.Studies;
using Ablation.Tests.Dashboard.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ablation.Tests.Dashboard.Live;

/// <summary>
/// The monitor's live state driven without a browser: a real migrated database (ResultsDatabase's
/// study: bn × dropout, one run diverged), the real bus, updates published as the supervisor
/// publishes them, and each pass awaited through the store's Changed event.
/// </summary>
public sealed class StudyLiveStoreTests : IAsyncLifetime
{
    private readonly RunEventBus _bus = new(NullLogger<RunEventBus>.Instance);
    private ResultsDatabase _db = null!;
    private StudyLiveStore _store = null!;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync()
    {
        _db = await ResultsDatabase.CreateAsync();
        _store = new StudyLiveStore(_db.StudyId, new StudyQueries(_db), _bus, work => work(), TimeSpan.Zero);
        _store.Changed += () =>
        {
            _changed.TrySetResult();
            return Task.CompletedTask;
        };
        await _store.InitializeAsync();
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Draw_DrawsTheSnapshotWhole_RunsInTableOrder_AndTheDivergedRunWithItsCross()
    {
        var (onZero, _, offZero, _) = _db.Runs;
        Assert.True(_store.Loaded);
        Assert.Equal("bn x dropout", _store.Study?.Name);
        Assert.True(_store.NeedsDraw);
        Assert.Equal(4, _store.Runs.Count);

        var frame = _store.Draw();

        Assert.False(_store.NeedsDraw);
        var accuracy = frame.Accuracy.Single(s => s.Key == $"run-{onZero}");
        Assert.Equal([1.0, 2.0], accuracy.X);
        Assert.Equal([0.85, 0.91], accuracy.Y);
        Assert.True(accuracy.Markers);
        Assert.Equal($"#{onZero} bn=on, dropout=0", accuracy.Name);
        Assert.Equal("diverged", frame.Accuracy.Single(s => s.Key == $"run-{offZero}").EndLabel);
        Assert.Null(accuracy.EndLabel);

        var loss = frame.Loss.Single(s => s.Key == $"run-{onZero}");
        Assert.Equal([50.0, 100.0, 150.0], loss.X);
        Assert.False(loss.Markers);
        Assert.Equal(2, frame.Loss.Count); // the two runs with batch points
        Assert.True(_store.TakeChanges().IsEmpty);
        Assert.Equal(0.91, _store.LastValue(onZero, "val", "accuracy"));
    }

    [Fact]
    public async Task Updates_AppendOnlyThePointsTheChartsLack()
    {
        var (_, onPoint3, _, _) = _db.Runs;
        _store.Draw();

        // Epoch 1 of this run is in the snapshot already; epoch 2 and a batch point are new.
        await PublishAsync(onPoint3, RunStatus.Running,
            new PointValue(100, 1, "val", "accuracy", 0.93, 3), new PointValue(200, 2, "val", "accuracy", 0.94, 6),
            new PointValue(150, 2, "batch", "loss", 0.33, 5));

        var changes = _store.TakeChanges();
        var accuracy = Assert.Single(changes.Accuracy);
        Assert.Equal($"run-{onPoint3}", accuracy.Key);
        Assert.Equal([2.0], accuracy.X);
        Assert.Equal([0.94], accuracy.Y);
        var loss = Assert.Single(changes.Loss);
        Assert.Equal([150.0], loss.X);
        Assert.Empty(changes.Removed);
        Assert.Equal(0.94, _store.LastValue(onPoint3, "val", "accuracy"));

        // Taken once: the same points again, or nothing new, draw nothing.
        Assert.True(_store.TakeChanges().IsEmpty);
        await PublishAsync(onPoint3, RunStatus.Running, new PointValue(200, 2, "val", "accuracy", 0.94, 6));
        Assert.True(_store.TakeChanges().IsEmpty);
    }

    [Fact]
    public async Task UpdatesBeforeTheFirstDraw_WaitForIt_AndAreDrawnOnceAfter()
    {
        var (_, onPoint3, _, _) = _db.Runs;

        await PublishAsync(onPoint3, RunStatus.Running, new PointValue(200, 2, "val", "accuracy", 0.94, 6));
        Assert.True(_store.TakeChanges().IsEmpty); // the charts are not drawn yet: nothing to append to

        _store.Draw();
        var accuracy = Assert.Single(_store.TakeChanges().Accuracy);
        Assert.Equal([2.0], accuracy.X);
        Assert.True(_store.TakeChanges().IsEmpty);
    }

    [Fact]
    public async Task ARunThatDivergesLive_GetsItsCrossOnce_AtItsLastPoint()
    {
        var (_, onPoint3, offZero, _) = _db.Runs;
        _store.Draw();
        await SetStatusAsync(onPoint3, RunStatus.Diverged);

        await PublishAsync(onPoint3, RunStatus.Diverged, new PointValue(200, 2, "val", "accuracy", 0.5, 6));

        var changes = _store.TakeChanges();
        var cross = Assert.Single(changes.AccuracyMarks);
        Assert.Equal($"run-{onPoint3}/diverged", cross.Key);
        Assert.Equal([2.0], cross.X);
        Assert.Equal([0.5], cross.Y);
        Assert.Equal("diverged", cross.EndLabel);
        Assert.False(cross.ShowInLegend);
        Assert.Empty(changes.LossMarks); // no batch point of this run is drawn

        // A run that had diverged before the draw carries its cross already; another update adds none.
        await PublishAsync(offZero, RunStatus.Diverged);
        await PublishAsync(onPoint3, RunStatus.Diverged);
        Assert.True(_store.TakeChanges().IsEmpty);
    }

    [Fact]
    public async Task ARetry_TakesTheReplacedRunsCurvesOff_KeepsItsPlace_AndDrawsTheNewAttempt()
    {
        var (onZero, onPoint3, _, _) = _db.Runs;
        _store.Draw();
        var retry = await RetryAsync(onZero);

        await _store.RefreshAsync();

        Assert.Equal([retry, onPoint3], _store.Runs.Take(2).Select(r => r.Id));
        Assert.Equal(onZero, Assert.Single(_store.Earlier[("bn=on, dropout=0", 0)]).Id);
        var changes = _store.TakeChanges();
        Assert.Equal([$"run-{onZero}", $"run-{onZero}/end", $"run-{onZero}/diverged", $"run-{onZero}/diverged/end"], changes.Removed);
        Assert.True(_store.TakeChanges().IsEmpty); // removed once

        // A late point of the replaced run stays off; the new attempt's first point is drawn.
        await PublishAsync(onZero, RunStatus.Succeeded, new PointValue(300, 3, "val", "accuracy", 0.99, 9));
        await PublishAsync(retry, RunStatus.Running, new PointValue(100, 1, "val", "accuracy", 0.8, 3));
        var accuracy = Assert.Single(_store.TakeChanges().Accuracy);
        Assert.Equal($"run-{retry}", accuracy.Key);
        Assert.Equal($"#{retry} bn=on, dropout=0", accuracy.Name);
    }

    [Fact]
    public async Task CatchingUp_DrawsTheChartsWholeAgain_FromWhatTheDatabaseHoldsNow()
    {
        var (_, onPoint3, _, _) = _db.Runs;
        _store.Draw();
        await using (var db = _db.CreateDbContext())
        {
            db.Points.Add(new MetricPoint { StudyId = _db.StudyId, RunId = onPoint3, Step = 200, Epoch = 2, Split = "val", Name = "accuracy", Value = 0.95, Time = 6 });
            await db.SaveChangesAsync();
        }

        await _store.CatchUpAsync();

        Assert.True(_store.NeedsDraw);
        Assert.True(_store.TakeChanges().IsEmpty);
        var accuracy = _store.Draw().Accuracy.Single(s => s.Key == $"run-{onPoint3}");
        Assert.Equal([1.0, 2.0], accuracy.X);
        Assert.Equal([0.93, 0.95], accuracy.Y);
    }

    [Fact]
    public async Task AfterDispose_UpdatesReachNothing()
    {
        var (_, onPoint3, _, _) = _db.Runs;
        _store.Draw();
        _store.Dispose();

        // Another subscriber tells when the bus has delivered; the store's handler is gone.
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var other = _bus.Subscribe(_db.StudyId, _ => delivered.TrySetResult());
        _bus.Publish(Update(onPoint3, RunStatus.Running, new PointValue(200, 2, "val", "accuracy", 0.94, 6)));
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await _store.ApplyPendingAsync(); // what a pass would take in: nothing
        Assert.True(_store.TakeChanges().IsEmpty);
        Assert.Equal(0.93, _store.LastValue(onPoint3, "val", "accuracy"));
    }

    private async Task PublishAsync(int runId, RunStatus status, params PointValue[] points)
    {
        _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _bus.Publish(Update(runId, status, points));
        await _changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private RunUpdate Update(int runId, RunStatus status, params PointValue[] points) =>
        new(_db.StudyId, runId, "", status, 2, 2, null, points, "epoch");

    private async Task SetStatusAsync(int runId, RunStatus status)
    {
        await using var db = _db.CreateDbContext();
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, status));
    }

    /// <summary>A second attempt of the run, as RunRetries records it: same cell and repeat, the first marked replaced.</summary>
    private async Task<int> RetryAsync(int runId)
    {
        await using var db = _db.CreateDbContext();
        var first = await db.Runs.SingleAsync(r => r.Id == runId);
        var retry = new Run
        {
            StudyId = first.StudyId, Label = first.Label, CellJson = first.CellJson, Repeat = first.Repeat, Seed = first.Seed,
            SpecJson = first.SpecJson, Epochs = first.Epochs, Attempt = first.Attempt + 1,
        };
        db.Runs.Add(retry);
        await db.SaveChangesAsync();
        first.RetriedById = retry.Id;
        await db.SaveChangesAsync();
        return retry.Id;
    }
}
