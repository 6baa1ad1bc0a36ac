namespace Ablation.Training.Engine;

internal static class EpochScores
{
    /// <summary>The epoch's metrics with each split's regression scores filled in (validation may be absent); classification leaves them null.</summary>
    public static EpochMetrics WithRegression(this EpochMetrics metrics, SplitScores train, SplitScores? validation, SplitScores test) => metrics with
    {
        TrainMse = train.Mse,
        TrainMae = train.Mae,
        TrainR2 = train.R2,
        ValMse = validation?.Mse,
        ValMae = validation?.Mae,
        ValR2 = validation?.R2,
        TestMse = test.Mse,
        TestMae = test.Mae,
        TestR2 = test.R2,
    };
}
