using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Results;
using Ablation.Dashboard.Services.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ablation.Tests.Dashboard.Results;

public sealed class ResultsCacheTests : IAsyncLifetime
{
    private readonly RunEventBus _bus = new(NullLogger<RunEventBus>.Instance);
    private ResultsDatabase _db = null!;

    public async Task InitializeAsync() => _db = await ResultsDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SecondRead_IsServedFromTheCache_WithoutQueryingPoints()
    {
        using var cache = new ResultsCache(_db, _bus);

        var first = await cache.GetAsync(_db.StudyId, withBatch: false);
        var second = await cache.GetAsync(_db.StudyId, withBatch: false);

        Assert.Same(first, second);
        Assert.Equal(1, _db.PointQueries);
    }

    [Fact]
    public async Task AnUpdateOfTheStudy_DropsItsEntry_AnotherStudysUpdateDoesNot()
    {
        using var cache = new ResultsCache(_db, _bus);
        var before = await cache.GetAsync(_db.StudyId, withBatch: false);

        _bus.Publish(new RunUpdate(_db.StudyId + 100, 1, "other", RunStatus.Running, 1, 2, null, [], "epoch"));
        Assert.Same(before, await cache.GetAsync(_db.StudyId, withBatch: false));

        _bus.Publish(new RunUpdate(_db.StudyId, _db.Runs.OnZero, "bn=on, dropout=0", RunStatus.Running, 1, 2, null, [], "epoch"));
        var after = await cache.GetAsync(_db.StudyId, withBatch: false);
        Assert.NotSame(before, after);
        Assert.Equal(2, _db.PointQueries);
    }

    [Fact]
    public async Task ResultsWithBatchPoints_AlsoServeAReadWithout_ButNotTheOtherWayRound()
    {
        using var cache = new ResultsCache(_db, _bus);

        var without = await cache.GetAsync(_db.StudyId, withBatch: false);
        Assert.False(without!.IncludesBatch);
        Assert.Null(without.SeriesFor(_db.Runs.OnZero, "batch", "loss"));

        var with = await cache.GetAsync(_db.StudyId, withBatch: true);
        Assert.True(with!.IncludesBatch);
        Assert.Equal(3, with.SeriesFor(_db.Runs.OnZero, "batch", "loss")!.Points.Count);
        Assert.Equal(2, _db.PointQueries);

        cache.Invalidate(_db.StudyId);
        var batchFirst = await cache.GetAsync(_db.StudyId, withBatch: true);
        Assert.Same(batchFirst, await cache.GetAsync(_db.StudyId, withBatch: false));
        Assert.Equal(3, _db.PointQueries);
    }

    [Fact]
    public async Task UnknownStudy_IsNull_AndNotCached()
    {
        using var cache = new ResultsCache(_db, _bus);

        Assert.Null(await cache.GetAsync(9999, withBatch: false));
    }
}
