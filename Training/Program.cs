using Ablation.Training.Worker;

namespace Ablation.Training;

internal static class Program
{
    private static int Main(string[] args)
    {
        Allocator.KeepFreedMemory();
        return WorkerCommand.Run(args, Console.Out, Console.Error);
    }
}
