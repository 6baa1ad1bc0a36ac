using Ablation.Contracts.Worker;
using System.Globalization;
using Ablation.Training.Data;

namespace Ablation.Training.Worker;

/// <summary>
/// The command line of <c>ablate inspect</c> until the worker's commands share one parser:
/// <c>DATASET [--data-root DIR] [--config appsettings.json] [--samples N] [--image-size N] [--channels 1|3] [--label-set fine|coarse]</c>.
/// Everything it does lies in <see cref="InspectCommand.Run"/>, which takes the parsed values.
/// </summary>
internal static class InspectArguments
{
    public const string Usage =
        "ablate inspect DATASET [--data-root DIR] [--config appsettings.json] [--samples N] [--image-size N] [--channels 1|3] [--label-set fine|coarse]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        InspectRequest request;
        try
        {
            request = Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or System.Text.Json.JsonException)
        {
            stderr.WriteLine($"ablate: {e.Message}");
            stderr.WriteLine("usage: " + Usage);
            return (int)ExitCode.Invalid;
        }

        return InspectCommand.Run(request, stdout, stderr);
    }

    private static InspectRequest Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("inspect needs a data set (an id or a folder inside the data root)");
        }

        string? dataRoot = null, config = null;
        var samples = 0;
        var images = ImageOptions.Default;
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number(int min, int max)
            {
                var name = args[i];
                return int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new ArgumentException($"{name} needs a whole number from {min} to {max}");
            }

            switch (args[i])
            {
                case "--data-root":
                    dataRoot = Path.GetFullPath(Value());
                    break;
                case "--config":
                    config = Value();
                    break;
                case "--samples":
                    samples = Number(0, InspectRequest.MaxSamples);
                    break;
                case "--image-size":
                    images = images with { ImageSize = Number(ImageOptions.MinImageSize, ImageOptions.MaxImageSize) };
                    break;
                case "--channels":
                    images = Value() switch
                    {
                        "1" => images with { Channels = 1 },
                        "3" => images with { Channels = 3 },
                        _ => throw new ArgumentException("--channels needs 1 or 3"),
                    };
                    break;
                case "--label-set":
                    var labels = Value();
                    images = labels is ImageOptions.FineLabels or ImageOptions.CoarseLabels
                        ? images with { LabelSet = labels }
                        : throw new ArgumentException($"--label-set needs {ImageOptions.FineLabels} or {ImageOptions.CoarseLabels}");
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return new InspectRequest(args[0], dataRoot ?? WorkerSettings.Load(config).DataRoot, samples, images);
    }
}
