namespace Ablation.Training.Data;

/// <summary>
/// What the trainer needs to know of a loaded data set, whatever its kind: images
/// (<see cref="LoadedData"/>) or a table (<see cref="Tabular.TabularData"/>).
/// </summary>
public interface ITrainingData
{
    string DatasetName { get; }

    /// <summary>"classification" or "regression" (<see cref="Tabular.TabularTask"/>).</summary>
    string Task { get; }

    /// <summary>Output units of the model: the number of classes, or 1 for regression.</summary>
    int NumClasses { get; }

    /// <summary>One name per class; empty for regression.</summary>
    string[] ClassNames { get; }

    /// <summary>One example's shape: [C, H, W] for images, [features] for tables.</summary>
    int[] InputShape { get; }

    int TrainCount { get; }

    int ValidationCount { get; }

    int TestCount { get; }
}
