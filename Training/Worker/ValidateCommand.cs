using System.CommandLine;
using Ablation.Contracts.Events;
using Ablation.Contracts.Models;
using Ablation.Contracts.Specs;
using Ablation.Contracts.Worker;
using Ablation.Training.Cli;
using Ablation.Training.Engine;

namespace Ablation.Training.Worker;

/// <summary>`ablate validate SPEC.json`: loads the data, plans the model and prints the layer table (or the one-line error).</summary>
internal sealed class ValidateCommand : Command
{
    private readonly Argument<string> _spec = new Argument<string>("SPEC") { Description = "The run spec (JSON, docs/run-spec.md)." }.LeavingOptions();
    private readonly Option<bool> _json = new("--json") { Description = "Print the layer table as a `model` event (one JSON line)." };
    private readonly SettingsOptions _settings = new();

    public ValidateCommand()
        : base("validate", "Check a run spec without training: load its data, plan the model, print the layer table.")
    {
        Add(_spec);
        Add(_json);
        _settings.AddTo(this);
        SetAction(parse => WorkerCommand.Guarded(null, parse.InvocationConfiguration.Error, () => Validate(parse)));
    }

    private int Validate(ParseResult parse)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var settings = _settings.Load(parse);
        var run = PreparedRun.Prepare(SpecReader.ReadFile(parse.GetRequiredValue(_spec)), settings.DataRoot);
        if (parse.GetValue(_json))
        {
            stdout.WriteLine(RunEventJson.Serialize(ModelSummary.EventFor(run.Plan)));
        }
        else
        {
            stdout.WriteLine($"{run.Data.DatasetName}: {run.Data.TrainCount} train, {run.Data.ValidationCount} validation, {run.Data.TestCount} test, "
                + (run.Data.Task == Data.Tabular.TabularTask.Regression ? "regression" : $"{run.Data.NumClasses} classes"));
            stdout.WriteLine(ModelSummary.Format(run.Plan));
        }

        return (int)ExitCode.Succeeded;
    }
}
