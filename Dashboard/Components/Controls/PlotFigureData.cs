using System.Text.Json.Nodes;

namespace Ablation.Dashboard.Components.Controls;

/// <summary>
/// What a <see cref="PlotFigure"/> draws: plotly traces (JSON objects, each with the <c>key</c>
/// that <c>wwwroot/js/charts.js</c> addresses traces by) and a layout. Built by plain classes, so
/// what a figure shows is tested without a browser.
/// </summary>
public sealed record PlotFigureData(IReadOnlyList<JsonObject> Traces, JsonObject Layout)
{
    public static PlotFigureData Empty { get; } = new([], new JsonObject());

    /// <summary>The figure as one JSON text: equal texts draw the same figure.</summary>
    public string ToJson() => new JsonObject
    {
        ["traces"] = new JsonArray([.. Traces.Select(t => (JsonNode)t.DeepClone())]),
        ["layout"] = Layout.DeepClone(),
    }.ToJsonString();

    /// <summary>A layout with titles, the legend below the plot and room for category labels.</summary>
    public static JsonObject LayoutWith(string? title, string? xTitle, string? yTitle) => new()
    {
        ["title"] = title is null ? null : new JsonObject { ["text"] = title, ["x"] = 0, ["xref"] = "paper", ["xanchor"] = "left" },
        ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = xTitle }, ["automargin"] = true },
        ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yTitle }, ["automargin"] = true },
        ["margin"] = new JsonObject { ["l"] = 56, ["r"] = 16, ["t"] = title is null ? 16 : 40, ["b"] = 48 },
        ["autosize"] = true,
        ["hovermode"] = "closest",
        ["legend"] = new JsonObject { ["orientation"] = "h", ["x"] = 0, ["y"] = 0, ["yref"] = "container", ["yanchor"] = "bottom" },
    };

    public static JsonArray Numbers(IEnumerable<double> values) =>
        new([.. values.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : null)]);

    public static JsonArray Texts(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
