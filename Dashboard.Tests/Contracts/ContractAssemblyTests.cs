using System.Reflection;
using System.Text.RegularExpressions;
using Ablation.Contracts.Events;
using Ablation.Contracts.Worker;
using Ablation.Dashboard.Hosting;

namespace Ablation.Tests.Contracts;

public sealed partial class ContractAssemblyTests
{
    private static readonly Assembly _contracts = typeof(RunEvent).Assembly;

    [Fact]
    public void TheContract_IsManagedOnly()
    {
        var references = _contracts.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var native = _contracts.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl) || m.GetCustomAttributes().Any(a => a.GetType().Name is "LibraryImportAttribute" or "DllImportAttribute"))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.Equal("Ablation.Contracts", _contracts.GetName().Name);
        Assert.DoesNotContain(references, r => r.StartsWith("ablate", StringComparison.Ordinal) || r.StartsWith("Ablation.", StringComparison.Ordinal));
        Assert.Empty(native);
    }

    [Fact]
    public void TheDashboard_ReadsEventsThroughTheContract()
    {
        Assert.Contains(typeof(Ablation.Dashboard.Services.Runs.RunSupervisor).Assembly.GetReferencedAssemblies(), a => a.Name == "Ablation.Contracts");
    }

    [Fact]
    public void WorkerDocs_ListEveryEventAndExitCode()
    {
        var docs = File.ReadAllText(Path.Combine(RepoRoot.Find()!, "docs", "worker.md"));
        var documentedEvents = EventRow().Matches(docs).Select(m => m.Groups[1].Value).ToHashSet();
        var documentedCodes = ExitRow().Matches(docs).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

        Assert.All(RunEventJson.EventNames, name => Assert.Contains(name, documentedEvents));
        Assert.All(Enum.GetValues<ExitCode>(), code => Assert.Contains((int)code, documentedCodes));
        Assert.Contains($"`\"schema\":\"{EventSchema.Current}\"`", docs);
    }

    [GeneratedRegex(@"^\| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex EventRow();

    [GeneratedRegex(@"^\| ([0-9]+) \|", RegexOptions.Multiline)]
    private static partial Regex ExitRow();
}
