using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Services.Datasets;

/// <summary>The "Datasets" section of appsettings.json.</summary>
public sealed class DatasetOptions
{
    public const string Section = "Datasets";

    /// <summary>
    /// How long the worker may take to read one image folder for the Datasets page or a grid check
    /// (<c>ablate-worker inspect</c>) before it is stopped and the page says so.
    /// </summary>
    public int InspectTimeoutSeconds { get; set; } = DatasetReader.DefaultTimeoutSeconds;
}

internal sealed class DatasetOptionsValidator : IValidateOptions<DatasetOptions>
{
    public ValidateOptionsResult Validate(string? name, DatasetOptions o) =>
        o.InspectTimeoutSeconds is < 1 or > 3600
            ? ValidateOptionsResult.Fail($"Datasets:InspectTimeoutSeconds must be between 1 and 3600 (is {o.InspectTimeoutSeconds})")
            : ValidateOptionsResult.Success;
}
