using Ablation.Training.Specs;

namespace Ablation.Tests.Training;

public sealed class SpecReaderTests
{
    private const string Valid = """
        {
          "data": { "dataset": "fashion-mnist", "validation_fraction": 0.1 },
          "model": { "family": "cnn", "conv_channels": [32, 64], "kernel_size": 3,
                     "batch_norm": true, "dropout": 0.1, "activation": "relu",
                     "block_order": ["conv", "bn", "act", "pool"] },
          "loss": { "name": "cross_entropy" },
          "optimizer": { "name": "adam", "lr": 0.001 },
          "batch_size": 128, "epochs": 3, "seed": 1, "device": "auto"
        }
        """;

    [Fact]
    public void Parse_ReadsTheIssueSpecAndKeepsDefaultsForOmittedFields()
    {
        var spec = SpecReader.Parse(Valid);

        Assert.Equal([32, 64], spec.Model.ConvChannels);
        Assert.Equal(["conv", "bn", "act", "pool"], spec.Model.BlockOrder);
        Assert.Equal("standard", spec.Data.Normalization);
        Assert.Empty(spec.Model.HiddenSizes);
        Assert.Equal([0.9, 0.999], spec.Optimizer.Betas);
        Assert.Equal(50, spec.LogEvery);
    }

    [Theory]
    [InlineData("\"dropout\": 0.1", "\"dropout\": 1.5", "model.dropout: 1.5 is out of range [0, 1)")]
    [InlineData("\"activation\": \"relu\"", "\"activation\": \"relux\"", "model.activation: unknown value 'relux'")]
    [InlineData("\"family\": \"cnn\"", "\"family\": \"transformer\"", "model.family: unknown value 'transformer'")]
    [InlineData("\"name\": \"adam\"", "\"name\": \"lion\"", "optimizer.name: unknown value 'lion'")]
    [InlineData("\"lr\": 0.001", "\"lr\": -1", "optimizer.lr: -1 must be greater than 0")]
    [InlineData("\"batch_size\": 128", "\"batch_size\": 0", "batch_size: 0 is out of range")]
    [InlineData("\"kernel_size\": 3", "\"kernel_sise\": 3", "unknown field 'kernel_sise'")]
    [InlineData("\"epochs\": 3", "\"epochs\": \"three\"", "epochs: has the wrong type")]
    [InlineData("\"block_order\": [\"conv\", \"bn\", \"act\", \"pool\"]", "\"block_order\": [\"conv\", \"act\", \"pool\"]", "has no 'bn' but batch_norm is true")]
    [InlineData("\"block_order\": [\"conv\", \"bn\", \"act\", \"pool\"]", "\"block_order\": [\"conv\", \"bn\", \"act\", \"pool\", \"pool\"]", "'pool' appears 2 times")]
    [InlineData("\"device\": \"auto\"", "\"device\": \"tpu\"", "device: unknown value 'tpu'")]
    public void Parse_RefusesBadValuesNamingTheField(string from, string to, string expected)
    {
        Assert.Contains(from, Valid);

        var e = Assert.Throws<SpecException>(() => SpecReader.Parse(Valid.Replace(from, to)));

        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Parse_ReportsEveryProblemAtOnce()
    {
        var e = Assert.Throws<SpecException>(() => SpecReader.Parse(Valid.Replace("0.1, \"activation\"", "2, \"activation\"").Replace("\"lr\": 0.001", "\"lr\": 0")));

        Assert.Equal(["model.dropout", "optimizer.lr"], e.Problems.Select(p => p.Field));
    }

    [Fact]
    public void Parse_RefusesMalformedJsonWithOneLine()
    {
        var e = Assert.Throws<SpecException>(() => SpecReader.Parse("{ \"data\": "));

        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void CanonicalJson_IsStableAcrossFormatting()
    {
        var a = SpecReader.Parse(Valid);
        var b = SpecReader.Parse(Valid.Replace("\n", " ").Replace("  ", " "));

        Assert.Equal(SpecReader.ToCanonicalJson(a), SpecReader.ToCanonicalJson(b));
    }
}
