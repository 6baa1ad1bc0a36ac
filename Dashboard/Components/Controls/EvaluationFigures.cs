using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Contracts.Evaluation;
using Ablation.Dashboard.Services.Evaluation;
using static Ablation.Dashboard.Components.Controls.PlotFigureData;

namespace Ablation.Dashboard.Components.Controls;

/// <summary>The plotly figures of a run's evaluation (docs/dashboard.md, "run page"), as plain data.</summary>
public static class EvaluationFigures
{
    /// <summary>Counts as a heatmap: true classes down (first class at the top), predicted across, each cell labelled with its count.</summary>
    public static PlotFigureData Confusion(RunEvaluation evaluation)
    {
        var names = Enumerable.Range(0, evaluation.Confusion.Count).Select(evaluation.ClassName).ToList();
        var z = new JsonArray([.. evaluation.Confusion.Select(row => (JsonNode)new JsonArray([.. row.Select(c => (JsonNode?)JsonValue.Create(c))]))]);
        var text = new JsonArray([.. evaluation.Confusion.Select(row => (JsonNode)Texts(row.Select(c => c.ToString(CultureInfo.InvariantCulture))))]);
        var trace = new JsonObject
        {
            ["key"] = "confusion",
            ["type"] = "heatmap",
            ["z"] = z,
            ["x"] = Texts(names),
            ["y"] = Texts(names),
            ["text"] = text,
            ["texttemplate"] = "%{text}",
            ["colorscale"] = "Blues",
            ["hovertemplate"] = "true %{y}<br>predicted %{x}<br>%{z} examples<extra></extra>",
        };
        var layout = LayoutWith($"Confusion matrix (test, epoch {evaluation.Epoch})", "predicted", "true");
        layout["yaxis"]!["autorange"] = "reversed";
        layout["xaxis"]!["type"] = "category";
        layout["yaxis"]!["type"] = "category";
        return new([trace], layout);
    }

    /// <summary>One bar per class: the share of its test examples predicted right; a class without examples has no bar.</summary>
    public static PlotFigureData PerClassAccuracy(RunEvaluation evaluation)
    {
        var names = Enumerable.Range(0, evaluation.PerClassAccuracy.Count).Select(evaluation.ClassName).ToList();
        var trace = new JsonObject
        {
            ["key"] = "per-class-accuracy",
            ["type"] = "bar",
            ["x"] = Texts(names),
            ["y"] = Numbers(evaluation.PerClassAccuracy.Select(a => a ?? double.NaN)),
            ["marker"] = new JsonObject { ["color"] = "#1f77b4" },
            ["hovertemplate"] = "%{x}: %{y:.4f}<extra></extra>",
        };
        var layout = LayoutWith("Accuracy per class (test)", "class", "accuracy");
        layout["xaxis"]!["type"] = "category";
        layout["yaxis"]!["range"] = new JsonArray(0, 1);
        return new([trace], layout);
    }

    /// <summary>Predicted against true values with the identity line y = x across the range of both.</summary>
    public static PlotFigureData PredictedVsTrue(RunEvaluation evaluation)
    {
        var pairs = evaluation.Pairs.Where(p => double.IsFinite(p.True) && double.IsFinite(p.Predicted)).ToList();
        var values = pairs.SelectMany(p => new[] { p.True, p.Predicted }).ToList();
        var (low, high) = values.Count == 0 ? (0.0, 1.0) : (values.Min(), values.Max());
        var points = new JsonObject
        {
            ["key"] = "pairs",
            ["name"] = "test rows",
            ["type"] = "scatter",
            ["mode"] = "markers",
            ["x"] = Numbers(pairs.Select(p => p.True)),
            ["y"] = Numbers(pairs.Select(p => p.Predicted)),
            ["marker"] = new JsonObject { ["color"] = "#1f77b4", ["size"] = 5, ["opacity"] = 0.7 },
            ["hovertemplate"] = "true %{x}<br>predicted %{y}<extra></extra>",
        };
        var identity = new JsonObject
        {
            ["key"] = "identity",
            ["name"] = "predicted = true",
            ["type"] = "scatter",
            ["mode"] = "lines",
            ["x"] = Numbers([low, high]),
            ["y"] = Numbers([low, high]),
            ["line"] = new JsonObject { ["color"] = "#7f7f7f", ["dash"] = "dash", ["width"] = 1 },
            ["hoverinfo"] = "skip",
        };
        var title = $"Predicted vs true {evaluation.Target} (test, epoch {evaluation.Epoch})";
        return new([points, identity], LayoutWith(title, $"true {evaluation.Target}", $"predicted {evaluation.Target}"));
    }

    /// <summary>Residuals (predicted − true) against the predicted value, around a zero line.</summary>
    public static PlotFigureData Residuals(RunEvaluation evaluation)
    {
        var pairs = evaluation.Pairs.Where(p => double.IsFinite(p.True) && double.IsFinite(p.Predicted)).ToList();
        var predicted = pairs.Select(p => p.Predicted).ToList();
        var (low, high) = predicted.Count == 0 ? (0.0, 1.0) : (predicted.Min(), predicted.Max());
        var points = new JsonObject
        {
            ["key"] = "residuals",
            ["name"] = "test rows",
            ["type"] = "scatter",
            ["mode"] = "markers",
            ["x"] = Numbers(predicted),
            ["y"] = Numbers(pairs.Select(p => p.Predicted - p.True)),
            ["marker"] = new JsonObject { ["color"] = "#d62728", ["size"] = 5, ["opacity"] = 0.7 },
            ["hovertemplate"] = "predicted %{x}<br>residual %{y}<extra></extra>",
        };
        var zero = new JsonObject
        {
            ["key"] = "zero",
            ["name"] = "residual 0",
            ["type"] = "scatter",
            ["mode"] = "lines",
            ["x"] = Numbers([low, high]),
            ["y"] = Numbers([0, 0]),
            ["line"] = new JsonObject { ["color"] = "#7f7f7f", ["dash"] = "dash", ["width"] = 1 },
            ["hoverinfo"] = "skip",
        };
        return new([points, zero], LayoutWith("Residuals (predicted − true)", $"predicted {evaluation.Target}", "residual"));
    }
}
