using System.Diagnostics;
using System.Globalization;
using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;
using Ablation.Contracts.Worker;
using Ablation.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>
/// Stores one run's events, read from its events file, into the database exactly once: the points
/// go in batches, and with each batch the run row's changes and the file offset just past the
/// last line stored, in one transaction. A crash at any moment therefore leaves the database at
/// a line boundary it knows, and the next supervisor continues from there; nothing is stored
/// twice and nothing is skipped. Every stored batch is published to the pages.
/// </summary>
internal sealed class RunRecorder(IDbContextFactory<AblationDb> dbFactory, RunEventBus bus, Run run, TimeSpan flushEvery, ILogger logger)
{
    private readonly List<PointValue> _buffer = [];
    private readonly Queue<EventFileLine> _waiting = new();
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();
    private long _offset = run.EventsOffset;
    private long _lastStep;
    private int _malformed;

    // A flush the lines taken so far need before the next line is taken (the event that asked for it).
    private string? _due;

    // Set by a start line until the flush that deletes what an earlier attempt stored after this epoch commits.
    private int? _deleteAfterEpoch;

    public Run Run { get; } = run;

    /// <summary>What the events since the last flush change on the run row.</summary>
    public RunChanges Pending { get; } = new();

    /// <summary>
    /// Takes the lines in order; stores at once what must not wait (a start, an epoch, the end), the
    /// rest when the flush interval is up. When storing fails (the database is locked, the disk is
    /// full), nothing taken is dropped: the batch stays buffered, the lines not yet taken wait, and
    /// the next call stores them in order before anything newer.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<EventFileLine> lines)
    {
        foreach (var line in lines)
        {
            _waiting.Enqueue(line);
        }

        if (_due is { } due)
        {
            await FlushAsync(due);
        }

        while (_waiting.TryDequeue(out var line))
        {
            _offset = line.End;
            var read = RunEventJson.Read(line.Text);
            if (read.Event is not { } e)
            {
                Refused(line, read);
                continue;
            }

            Pending.Apply(e);
            var points = EventPoints.Of(e, _lastStep);
            foreach (var p in points)
            {
                _lastStep = Math.Max(_lastStep, p.Step);
            }

            _buffer.AddRange(points);
            if (e is StartEvent start)
            {
                // A worker starting again on the run's folder repeats, bit for bit, the epochs after
                // the checkpoint it resumes from (all of them without one): what an earlier
                // attempt recorded of those goes, so that every epoch is stored once.
                _deleteAfterEpoch = start.ResumedFromEpoch;
                _due = e.Name;
            }
            else if (e is EpochEvent or FinalEvent || _sinceFlush.Elapsed >= flushEvery)
            {
                _due = e.Name;
            }

            if (_due is { } now)
            {
                await FlushAsync(now);
            }
        }
    }

    /// <summary>
    /// A line that is no event is skipped (stray output, a line a killed worker cut short); so is an
    /// event this schema lacks or one that does not fit it, with the reason logged. A line of a newer
    /// major schema cannot be read at all: its reason becomes the run's error, so a run that then
    /// ends without its final metrics says why.
    /// </summary>
    private void Refused(EventFileLine line, EventLine read)
    {
        if (read.Problem == EventLineProblem.UnsupportedSchema)
        {
            Pending.Refuse(read.Message!);
        }

        if (_malformed++ < 5)
        {
            logger.LogWarning("run {Run}: skipped a line of {File}: {Reason}: {Line}", Run.Id, RunFolder.EventsFile, read.Message,
                line.Text.Length > 200 ? line.Text[..200] : line.Text);
        }
    }

    /// <summary>Stores what waits in the buffer once the flush interval is up, so a quiet stretch does not hold points back.</summary>
    public async Task FlushIfDueAsync()
    {
        if (_due is not null || (_sinceFlush.Elapsed >= flushEvery && (_buffer.Count > 0 || _offset != Run.EventsOffset)))
        {
            await FlushAsync(_due);
        }
    }

    /// <summary>
    /// Stores the buffered points, the run row's changes and the offset in one transaction. The
    /// buffer is emptied only once that has committed, so a failed flush loses nothing and the
    /// next one stores the same points with whatever came since.
    /// </summary>
    public async Task FlushAsync(string? lastEvent)
    {
        var points = _buffer.ToList();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Points.AddRange(points.Select(p => new MetricPoint
            {
                StudyId = Run.StudyId, RunId = Run.Id, Step = p.Step, Epoch = p.Epoch, Split = p.Split, Name = p.Name, Value = p.Value, Time = p.Time,
            }));
            await db.SaveChangesAsync();
            if (_deleteAfterEpoch is { } epoch)
            {
                // Batch points of an unfinished epoch carry that epoch's number; epoch points their own.
                // The batch ends at the start line (no line after it is taken before this commits), so
                // all of it is the earlier attempt's too.
                await db.Points.Where(p => p.StudyId == Run.StudyId && p.RunId == Run.Id && p.Epoch > epoch).ExecuteDeleteAsync();
            }

            var row = await db.Runs.SingleAsync(r => r.Id == Run.Id);
            Pending.WriteTo(row);
            row.EventsOffset = _offset;
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        _buffer.RemoveRange(0, points.Count);
        _deleteAfterEpoch = null;
        _due = null;
        Pending.WriteTo(Run);
        Run.EventsOffset = _offset;
        _sinceFlush.Restart();
        Publish(points, lastEvent);
    }

    /// <summary>Marks the run stalled (or no longer) and tells the pages.</summary>
    public async Task SetStalledAsync(DateTimeOffset? since)
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Runs.Where(r => r.Id == Run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.StalledSince, since));
        }

        Run.StalledSince = since;
        Publish([], since is null ? "reporting" : "stalled");
    }

    /// <summary>
    /// Ends the run with its outcome. A run is only stored as succeeded when its record is whole:
    /// each epoch from the first to the last it trained once, and every epoch asked for unless
    /// early stopping ended it; otherwise it fails with what is missing.
    /// </summary>
    public async Task FinishAsync(RunStatus status, string? error)
    {
        if (status == RunStatus.Succeeded && await MissingFromRecordAsync() is { } missing)
        {
            (status, error) = (RunStatus.Failed, $"the worker reported success, but the record of this run is not whole: {missing}");
        }

        Pending.Status = status;
        Pending.Error = error;
        Pending.EndedAt = DateTimeOffset.UtcNow;
        Pending.StalledCleared = true;
        await FlushAsync("end");
        logger.LogInformation("run {Run} ({Label}) ended: {Status}", Run.Id, Run.Label, status);
    }

    private async Task<string?> MissingFromRecordAsync()
    {
        List<int> epochs;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // Every epoch event stores a training loss (regression runs too), so these are the epochs recorded.
            var (train, loss) = (Split.Train.Key, Metric.Loss.Key);
            var trainLoss = await db.Points.Where(p => p.StudyId == Run.StudyId && p.RunId == Run.Id && p.Split == train && p.Name == loss)
                .Select(p => p.Epoch).ToListAsync();
            epochs = [.. trainLoss.Concat(_buffer.Where(p => p.Split == train && p.Name == loss).Select(p => p.Epoch))];
        }

        var doubled = epochs.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        var last = epochs.Count == 0 ? 0 : epochs.Max();
        var expected = Pending.StoppedEarly || Run.Epochs <= 0 ? last : Run.Epochs;
        var missing = Enumerable.Range(1, expected).Except(epochs).ToList();
        if (missing.Count == 0 && doubled.Count == 0)
        {
            return null;
        }

        return string.Join("; ", new[]
        {
            missing.Count > 0 ? $"epoch{(missing.Count > 1 ? "s" : "")} {Ranges(missing)} of {expected} missing" : null,
            doubled.Count > 0 ? $"epoch{(doubled.Count > 1 ? "s" : "")} {Ranges(doubled)} recorded twice" : null,
        }.Where(s => s is not null));
    }

    private static string Ranges(List<int> epochs) => string.Join(", ", epochs.Take(10)) + (epochs.Count > 10 ? ", …" : "");

    private void Publish(IReadOnlyList<PointValue> points, string? lastEvent) =>
        bus.Publish(new RunUpdate(Run.StudyId, Run.Id, Run.Label, Run.Status, Run.EpochsDone, Run.Epochs, Run.Error, points, lastEvent, Run.StalledSince));
}

/// <summary>The run-row changes a run's events imply, applied at the next flush.</summary>
internal sealed class RunChanges
{
    private string? _device;
    private long? _parameters;
    private int? _epochs;
    private int? _epochsDone;
    private string? _final;

    public RunStatus? Status { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Set when the run ends: a stalled mark does not outlive the run.</summary>
    public bool StalledCleared { get; set; }

    /// <summary>The current attempt reported its final metrics (a later start clears it).</summary>
    public bool Final { get; private set; }

    /// <summary>The current attempt diverged (a later start clears it).</summary>
    public bool Diverged { get; private set; }

    /// <summary>Early stopping ended the run before the epochs it asked for.</summary>
    public bool StoppedEarly { get; private set; }

    public void Apply(RunEvent e)
    {
        switch (e)
        {
            case StartEvent start:
                _device = start.Device;
                _parameters = start.Parameters;
                _epochs = start.Epochs;
                _epochsDone = start.ResumedFromEpoch;
                (Final, Diverged, StoppedEarly, Error) = (false, false, false, null);
                break;
            case EpochEvent epoch:
                _epochsDone = epoch.Metrics.Epoch;
                break;
            case StoppedEarlyEvent:
                StoppedEarly = true;
                break;
            case FinalEvent final:
                _final = RunEventJson.SerializeMetrics(final.Metrics);
                Final = true;
                StoppedEarly |= final.Metrics.GetValueOrDefault(FinalMetric.StoppedEarly.Key) is 1;
                break;
            case DivergedEvent diverged:
                Diverged = true;
                Error = $"diverged at epoch {diverged.Epoch}, step {diverged.Step}: loss {diverged.Loss.ToString(CultureInfo.InvariantCulture)}";
                break;
            case ErrorEvent error:
                Error = error.Message;
                break;
        }
    }

    /// <summary>A line the schema refuses outright (a newer major version): the run's error unless the worker reports one itself.</summary>
    public void Refuse(string message) => Error ??= message;

    public void WriteTo(Run run)
    {
        run.Device = _device ?? run.Device;
        run.Parameters = _parameters ?? run.Parameters;
        run.Epochs = _epochs ?? run.Epochs;
        run.EpochsDone = _epochsDone ?? run.EpochsDone;
        run.FinalMetricsJson = _final ?? run.FinalMetricsJson;
        if (StalledCleared)
        {
            run.StalledSince = null;
        }

        if (Status is { } status)
        {
            run.Status = status;
            run.Error = Error;
            run.EndedAt = EndedAt;
        }
    }
}
