namespace Ablation.Tests.Training;

/// <summary>
/// Tests that use libtorch run one at a time: its random generator and the live-object counter
/// are process-wide, so a test running beside them would change their seeded draws and counts.
/// (The worker trains one spec per process, so production never shares them.)
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "libtorch";
}
