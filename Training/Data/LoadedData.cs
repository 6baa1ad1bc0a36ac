namespace Ablation.Training.Data;

/// <summary>
/// The three splits of a dataset, ready for the engine: it scales bytes by 1/255 and then
/// applies (x - <see cref="Mean"/>[c]) / <see cref="Std"/>[c] per channel.
/// </summary>
public sealed record LoadedData : ITrainingData
{
    public required ImageSet Train { get; init; }

    public required ImageSet Validation { get; init; }

    public required ImageSet Test { get; init; }

    public required float[] Mean { get; init; }

    public required float[] Std { get; init; }

    /// <summary>One name per class, indexed by label; <see cref="NumClasses"/> long.</summary>
    public required string[] ClassNames { get; init; }

    public required int NumClasses { get; init; }

    public required string DatasetName { get; init; }

    /// <summary>The files the splits were read from.</summary>
    public required DatasetSource Source { get; init; }

    public string Task => Tabular.TabularTask.Classification;

    public int[] InputShape => [Train.Channels, Train.Height, Train.Width];

    public int TrainCount => Train.Count;

    public int ValidationCount => Validation.Count;

    public int TestCount => Test.Count;
}
