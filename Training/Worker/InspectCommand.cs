using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Ablation.Contracts.Worker;
using Ablation.Training.Cli;
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
/// Exit codes: 0 read, 2 the set cannot be read (the problem in the JSON and on stderr) or the
/// command line, 1 anything else. Everything it does lies in <see cref="Run"/>, which takes the
/// parsed values.
/// </summary>
internal sealed class InspectCommand : Command
{
    private readonly Argument<string> _dataset = new Argument<string>("DATASET")
    {
        Description = "An id or a folder inside the data root, as in a spec's data.dataset.",
    }.LeavingOptions();

    private readonly Option<int> _samples = new("--samples")
    {
        Description = $"Test images to decode, round-robin over the classes (0 to {InspectRequest.MaxSamples}; 0 prints the summary alone).",
        HelpName = "N",
        CustomParser = r => Number(r, "--samples", 0, InspectRequest.MaxSamples),
    };

    private readonly Option<int?> _imageSize = new("--image-size")
    {
        Description = "Square side in pixels, as a spec's data.image_size.",
        HelpName = "N",
        CustomParser = r => Number(r, "--image-size", ImageOptions.MinImageSize, ImageOptions.MaxImageSize),
    };

    private readonly Option<int?> _channels = new("--channels")
    {
        Description = "1 (grayscale) or 3 (RGB), as a spec's data.channels.",
        HelpName = "1|3",
        CustomParser = r => r.Tokens[0].Value is "1" or "3" ? int.Parse(r.Tokens[0].Value, CultureInfo.InvariantCulture)
            : Refuse<int?>(r, $"--channels needs 1 or 3 (got '{r.Tokens[0].Value}')"),
    };

    private readonly Option<string> _labelSet = new("--label-set")
    {
        Description = "CIFAR-100: fine (100 classes) or coarse (20), as a spec's data.label_set.",
        HelpName = $"{ImageOptions.FineLabels}|{ImageOptions.CoarseLabels}",
        DefaultValueFactory = _ => ImageOptions.FineLabels,
        CustomParser = r => r.Tokens[0].Value is ImageOptions.FineLabels or ImageOptions.CoarseLabels ? r.Tokens[0].Value
            : Refuse<string>(r, $"--label-set needs {ImageOptions.FineLabels} or {ImageOptions.CoarseLabels} (got '{r.Tokens[0].Value}')"),
    };

    private readonly SettingsOptions _settings = new();

    public InspectCommand()
        : base("inspect", "Print a data set's summary and, with --samples, decoded test images, as one JSON line.")
    {
        Add(_dataset);
        Add(_samples);
        Add(_imageSize);
        Add(_channels);
        Add(_labelSet);
        _settings.AddTo(this);
        SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var images = ImageOptions.Default with
                {
                    ImageSize = parse.GetValue(_imageSize),
                    Channels = parse.GetValue(_channels),
                    LabelSet = parse.GetRequiredValue(_labelSet),
                };
                var request = new InspectRequest(parse.GetRequiredValue(_dataset), _settings.Load(parse).DataRoot, parse.GetValue(_samples), images);
                return Run(request, parse.InvocationConfiguration.Output, stderr);
            }
            catch (SettingsException e)
            {
                stderr.WriteLine($"ablate: {e.Message}");
                return (int)ExitCode.Invalid;
            }
            catch (FileNotFoundException e)
            {
                // A --config that is not there: inspect has always answered 2 for it.
                stderr.WriteLine($"ablate: {e.Message}");
                return (int)ExitCode.Invalid;
            }
        });
    }

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

    private static int Number(ArgumentResult result, string name, int min, int max)
    {
        var text = result.Tokens[0].Value;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : Refuse<int>(result, $"{name} needs a whole number from {min} to {max} (got '{text}')");
    }

    private static T Refuse<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
