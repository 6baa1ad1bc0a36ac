using Ablation.Contracts.Specs;

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
    [InlineData("\"epochs\": 3", "\"epochs\": \"three\"", "epochs: a whole number is wanted, got \"three\"")]
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

    [Theory]
    [InlineData("\"lr\": 0.001", "\"lr\": 1e400", "optimizer.lr: 1e400 is not a finite number")]
    [InlineData("\"dropout\": 0.1", "\"dropout\": -1e400", "model.dropout: -1e400 is not a finite number")]
    [InlineData("\"validation_fraction\": 0.1", "\"validation_fraction\": 1e309", "data.validation_fraction: 1e309 is not a finite number")]
    public void Parse_RefusesNumbersThatAreNotFinite_NamingTheField(string from, string to, string expected)
    {
        var e = Assert.Throws<SpecException>(() => SpecReader.Parse(Valid.Replace(from, to)));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_RefusesInfinityInASpecBuiltInCode()
    {
        var spec = SpecReader.Parse(Valid);
        spec.Optimizer.Lr = double.PositiveInfinity;
        spec.Schedule.MinLr = double.PositiveInfinity;

        var problems = SpecValidator.Problems(spec);

        Assert.Contains(problems, p => p.Field == "optimizer.lr" && p.Message.Contains("not a finite number", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "schedule.min_lr");
    }

    [Theory]
    [InlineData("\"epochs\": 3", "\"epochs\": 2.5", "epochs: a whole number is wanted, got 2.5")]
    [InlineData("\"epochs\": 3", "\"epochs\": 10000000000", "epochs: 10000000000 is out of range: a whole number from -2,147,483,648 to 2,147,483,647 is wanted")]
    [InlineData("\"epochs\": 3", "\"epochs\": null", "epochs: a whole number is wanted, got null")]
    [InlineData("\"batch_norm\": true", "\"batch_norm\": \"yes\"", "model.batch_norm: true or false is wanted, got \"yes\"")]
    [InlineData("\"activation\": \"relu\"", "\"activation\": 3", "model.activation: text is wanted, got 3")]
    [InlineData("\"conv_channels\": [32, 64]", "\"conv_channels\": [32, \"wide\"]", "model.conv_channels[1]: a whole number is wanted, got \"wide\"")]
    [InlineData("\"conv_channels\": [32, 64]", "\"conv_channels\": 32", "model.conv_channels: a list of whole numbers is wanted, got 32")]
    [InlineData("\"block_order\": [\"conv\", \"bn\", \"act\", \"pool\"]", "\"block_order\": \"conv\"", "model.block_order: a list of text values is wanted, got \"conv\"")]
    [InlineData("\"lr\": 0.001", "\"lr\": \"fast\"", "optimizer.lr: a number is wanted, got \"fast\"")]
    [InlineData("\"optimizer\": { \"name\": \"adam\", \"lr\": 0.001 }", "\"optimizer\": [1]", "optimizer: an object is wanted, got a list")]
    public void Parse_WrongKindOfValue_SaysWhatIsWanted_InWords(string from, string to, string expected)
    {
        Assert.Contains(from, Valid);

        var e = Assert.Throws<SpecException>(() => SpecReader.Parse(Valid.Replace(from, to)));

        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("[1, 2]", "spec: an object is wanted, got a list")]
    [InlineData("{ \"data\": { \"dataset\": \"x\" }, \"data\": {} }", "data: is given twice")]
    [InlineData("{ \"epochs\": 1e400 }", "epochs: 1e400 is not a finite number")]
    public void Parse_WholeTextProblems_AreOneLine_WithoutDotNetInternals(string json, string expected)
    {
        var e = Assert.Throws<SpecException>(() => SpecReader.Parse(json));

        Assert.Equal(expected, e.Message);
        Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_RefusesAFileLargerThanASpecCouldBe_WithoutReadingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"huge-spec-{Guid.NewGuid():N}.json");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(SpecReader.MaxFileBytes + 1);
            }

            var e = Assert.Throws<SpecException>(() => SpecReader.ReadFile(path));

            Assert.Contains("a run spec file is at most 1,048,576", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
