using Ablation.Contracts.Events;
using Ablation.Contracts.Metrics;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>A point taken from a worker event, ready to store and to draw; <see cref="Split"/> and <see cref="Name"/> are the contract's keys.</summary>
public sealed record PointValue(long Step, int Epoch, string Split, string Name, double Value, double Time);

/// <summary>The points a worker event carries: a batch's loss and learning rate, every metric of every split of an epoch.</summary>
public static class EventPoints
{
    /// <param name="lastStep">Where an event that does not say its step sits: at the last step reported.</param>
    public static IReadOnlyList<PointValue> Of(RunEvent e, long lastStep)
    {
        var points = new List<PointValue>();
        switch (e)
        {
            case BatchEvent batch:
                Add(points, batch.Step, batch.Epoch, Split.Batch, Metric.Loss.Key, batch.Loss, e.Time);
                Add(points, batch.Step, batch.Epoch, Split.Batch, EpochValues.Lr, batch.Lr, e.Time);
                break;
            case EpochEvent epoch:
                var m = epoch.Metrics;
                // The epoch's own step (its last optimizer step); a program that does not say
                // where its epoch ended is placed at the last step it reported.
                var at = epoch.Step ?? lastStep;
                foreach (var split in Split.OfEpoch)
                {
                    foreach (var (metric, value) in m.ScoresOf(split)?.Values ?? [])
                    {
                        Add(points, at, m.Epoch, split, metric.Key, value, e.Time);
                    }
                }

                Add(points, at, m.Epoch, Split.Train, EpochValues.Lr, m.Lr, e.Time);
                Add(points, at, m.Epoch, Split.Train, EpochValues.SamplesPerSecond, m.SamplesPerSecond, e.Time);
                Add(points, at, m.Epoch, Split.Train, EpochValues.EpochSeconds, m.EpochSeconds, e.Time);
                break;
        }

        return points;
    }

    private static void Add(List<PointValue> points, long step, int epoch, Split split, string name, double? value, double time)
    {
        // A diverged run reports NaN or infinite losses. SQLite cannot store NaN and a chart cannot
        // draw either; the run's status and error say that it diverged, and where.
        if (value is { } v && double.IsFinite(v))
        {
            points.Add(new PointValue(step, epoch, split.Key, name, v, time));
        }
    }
}
