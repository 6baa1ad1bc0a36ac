using Ablation.Training.Worker;
using Microsoft.Extensions.Options;

namespace Ablation.Dashboard.Services.Runs;

/// <summary>The "Training" section's device and threads, checked at start-up as the worker checks them.</summary>
internal sealed class WorkerSettingsValidator : IValidateOptions<WorkerSettings>
{
    public ValidateOptionsResult Validate(string? name, WorkerSettings settings) =>
        settings.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
