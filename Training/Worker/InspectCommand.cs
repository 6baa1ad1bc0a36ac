using Ablation.Contracts.Worker;
using Ablation.Training.Data;
using Ablation.Training.Torch;

namespace Ablation.Training.Worker;

/// <summary>What <c>ablate inspect</c> was asked: a data set, where the data root is, how many sample images, and their shape.</summary>
/// <param name="Dataset">An id or a folder inside the data root, as in a spec's <c>data.dataset</c>.</param>
/// <param name="Samples">Test images to decode, round-robin over the classes; 0 for the summary alone.</param>
public sealed record InspectRequest(string Dataset, string DataRoot, int Samples, ImageOptions Images)
{
    public const int MaxSamples = 256;
}

/// <summary>
/// <c>ablate inspect DATASET</c>: a data set's summary (sizes, input shape, class names) and a few
/// decoded sample images, as one JSON line on stdout (<see cref="DatasetInspection"/>). Image
/// folders need the shim's stb_image, and the dashboard never loads the shim: it asks this command,
/// in a process of its own, so a bad file that crashed the decoder would end only that process.
/// Exit codes: 0 read, 2 the set cannot be read (the problem in the JSON and on stderr), 1 anything else.
/// </summary>
public static class InspectCommand
{
    public static int Run(InspectRequest request, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var source = new DataCatalog(request.DataRoot).Resolve(request.Dataset);
            var summary = DatasetInspector.Summarize(source, request.Images);
            var samples = request.Samples > 0 ? InspectedSamples.From(DatasetInspector.Samples(source, request.Images, request.Samples)) : null;
            stdout.WriteLine(DatasetInspectionJson.Serialize(new DatasetInspection { Summary = summary, Samples = samples }));
            return (int)ExitCode.Succeeded;
        }
        catch (Exception e) when (e is DataException or IOException or UnauthorizedAccessException)
        {
            stdout.WriteLine(DatasetInspectionJson.Serialize(new DatasetInspection { Problem = e.Message }));
            stderr.WriteLine($"ablate: data: {e.Message}");
            return (int)ExitCode.Invalid;
        }
        catch (TorchNotFoundException e)
        {
            stderr.WriteLine($"ablate: {e.Message}");
            return (int)ExitCode.Failed;
        }
    }
}
