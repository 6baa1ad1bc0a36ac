using System.Text.Json.Nodes;
using Ablation.Contracts.Specs;

namespace Ablation.Dashboard.Services.Studies;

/// <summary>
/// The run-spec fields an axis may set ("model.dropout", "optimizer.lr", …), read off the spec
/// records themselves so that a field added to the vocabulary is an axis at once.
/// </summary>
public static class SpecPaths
{
    private static readonly HashSet<string> _paths = Collect();

    public static IReadOnlyCollection<string> All => _paths;

    public static bool IsKnown(string path) => _paths.Contains(path);

    private static HashSet<string> Collect()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonObject node, string prefix)
        {
            foreach (var (name, value) in node)
            {
                var path = prefix + name;
                if (value is JsonObject child)
                {
                    Walk(child, path + ".");
                }
                else
                {
                    paths.Add(path);
                }
            }
        }

        Walk(JsonNode.Parse(SpecReader.ToJson(new RunSpec()))!.AsObject(), "");
        return paths;
    }
}
