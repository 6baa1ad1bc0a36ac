using Ablation.Contracts.Events;

namespace Ablation.Contracts.Models;

/// <summary>The layer table of a model plan: name, layer, output shape and parameters, nested layers indented.</summary>
public static class ModelSummary
{
    public static IReadOnlyList<LayerSummary> Rows(ModelPlan plan)
    {
        var rows = new List<LayerSummary>();
        void Walk(IEnumerable<LayerPlan> layers, int depth)
        {
            foreach (var layer in layers)
            {
                rows.Add(new LayerSummary(layer.Name, layer.Describe(), layer.Output.Dims, layer.Parameters, depth));
                if (layer.Kind == LayerKind.Residual)
                {
                    Walk(layer.Body, depth + 1);
                    Walk(layer.Shortcut ?? [], depth + 1);
                }
            }
        }

        Walk(plan.Layers, 0);
        return rows;
    }

    public static ModelEvent EventFor(ModelPlan plan) =>
        new() { Family = plan.Family, Parameters = plan.Parameters, Layers = [.. Rows(plan)] };

    public static string Format(ModelPlan plan)
    {
        var rows = Rows(plan);
        var nameWidth = Math.Max(5, rows.Max(r => r.Name.Length + (2 * r.Depth)));
        var layerWidth = Math.Max(5, rows.Max(r => r.Layer.Length));
        var lines = new List<string>
        {
            $"{"layer".PadRight(nameWidth)}  {"type".PadRight(layerWidth)}  {"output",-14} {"params",12}",
            $"{"input".PadRight(nameWidth)}  {"".PadRight(layerWidth)}  {plan.Input,-14} {"",12}",
        };
        foreach (var r in rows)
        {
            var name = (new string(' ', 2 * r.Depth) + r.Name).PadRight(nameWidth);
            lines.Add($"{name}  {r.Layer.PadRight(layerWidth)}  {new Shape(r.OutputShape),-14} {r.Parameters,12:N0}");
        }

        lines.Add($"total parameters: {plan.Parameters:N0}");
        return string.Join(Environment.NewLine, lines);
    }
}
