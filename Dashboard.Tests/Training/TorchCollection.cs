namespace Ablation.Tests.Training;

/// <summary>
/// Tests that use libtorch run one at a time: its random generator is process-wide, so a test
/// running beside them would change their seeded draws. (The worker trains one spec per process,
/// so production never shares it.) Leak tests need no such care: they count their own thread's
/// handles (TorchRuntime.ThreadLiveObjects), which nothing beside them moves.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "libtorch";
}
