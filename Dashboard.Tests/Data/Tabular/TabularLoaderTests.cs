using Ablation.Training.Data;
using Ablation.Training.Data.Tabular;
using Ablation.Contracts.Specs;

namespace Ablation.Tests.Data.Tabular;

public sealed class TabularLoaderTests : IDisposable
{
    private readonly TempDataRoot _root = new();

    public void Dispose() => _root.Dispose();

    private TabularData Load(TabularRequest request) => new TabularLoader(new TabularCatalog(_root.Path)).Load(request);

    private void WriteBoston(int rows = 120) => TableFiles.Write(_root.Combine("sklearn", "boston_house_prices.csv"), TableFiles.BostonCsv(rows));

    [Fact]
    public void Split411_IsSeededDisjointAndCoversEveryRow()
    {
        WriteBoston(rows: 120);
        var request = new TabularRequest("boston") { Loss = "mse", Split = [4, 1, 1], Seed = 7 };

        var a = Load(request);
        var b = Load(request);
        var other = Load(request with { Seed = 8 });

        Assert.Equal((80, 20, 20), (a.TrainCount, a.ValidationCount, a.TestCount));
        Assert.Equal(Enumerable.Range(0, 120), a.Train.Rows.Concat(a.Validation.Rows).Concat(a.Test.Rows).Order());
        Assert.Equal(a.Test.Rows, b.Test.Rows);
        Assert.NotEqual(a.Test.Rows, other.Test.Rows);
        Assert.Equal(TabularTask.Regression, a.Task);
        Assert.Equal("MEDV", a.TargetName);
        Assert.Equal(1, a.NumClasses);
        Assert.Equal([13], a.InputShape);
    }

    [Fact]
    public void Standardization_UsesTrainingRowsOnly()
    {
        // The validation and test rows hold huge values: statistics that saw them would move far.
        var lines = new List<string> { "x,y" };
        lines.AddRange(Enumerable.Range(0, 60).Select(i => FormattableString.Invariant($"{i % 10},{i % 10 * 2.5}")));
        TableFiles.Write(_root.Combine("t.csv"), string.Join('\n', lines));
        var data = Load(new TabularRequest("t.csv") { Loss = "mse", Split = [4, 1, 1], Seed = 1 });
        var rawTable = TableReaders.ReadCsv(_root.Combine("t.csv"), "t.csv", null);
        var trainValues = data.Train.Rows.Select(r => rawTable.Features[r]).ToList();
        var mean = trainValues.Average();
        var std = Math.Sqrt(trainValues.Sum(v => (v - mean) * (v - mean)) / trainValues.Count);

        Assert.Equal(mean, data.FeatureMean[0], 12);
        Assert.Equal(std, data.FeatureStd[0], 12);
        Assert.Equal(0, data.Train.Features.Average(f => (double)f), 5);
        // Validation and test rows are scaled with the training statistics, not their own.
        var testRow = data.Test.Rows[0];
        Assert.Equal((rawTable.Features[testRow] - mean) / std, data.Test.Features[0], 5);
        // The target too: standardized with the training targets, read back in its own units.
        var trainTargets = data.Train.Rows.Select(r => double.Parse(rawTable.Targets[r], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(trainTargets.Average(), data.TargetMean, 10);
        Assert.Equal(double.Parse(rawTable.Targets[testRow], System.Globalization.CultureInfo.InvariantCulture), data.ToTargetUnits(data.Test.Targets![0]), 4);
    }

    [Fact]
    public void StandardizationStatistics_DoNotChangeWhenOnlyTestRowsChange()
    {
        var rows = Enumerable.Range(0, 30).Select(i => FormattableString.Invariant($"{i},{i % 3}")).ToList();
        TableFiles.Write(_root.Combine("a", "train.csv"), "x,label\n" + string.Join('\n', rows));
        TableFiles.Write(_root.Combine("a", "test.csv"), "x,label\n1,0\n2,1\n3,2\n");
        TableFiles.Write(_root.Combine("b", "train.csv"), "x,label\n" + string.Join('\n', rows));
        TableFiles.Write(_root.Combine("b", "test.csv"), "x,label\n1000000,0\n-5000,1\n3,2\n");

        var a = Load(new TabularRequest("a") { ValidationFraction = 0.2, Seed = 2 });
        var b = Load(new TabularRequest("b") { ValidationFraction = 0.2, Seed = 2 });

        Assert.Equal(a.FeatureMean, b.FeatureMean);
        Assert.Equal(a.FeatureStd, b.FeatureStd);
        Assert.Equal(3, b.TestCount);
        Assert.Equal((24, 6), (b.TrainCount, b.ValidationCount));
        Assert.Equal(["0", "1", "2"], b.ClassNames);
    }

    [Fact]
    public void Task_IsInferredFromTheLossAndTheTarget()
    {
        TableFiles.Write(_root.Combine("text.csv"), "a,kind\n1,cat\n2,dog\n3,cat\n4,dog\n5,cat\n6,dog\n7,cat\n8,dog\n9,cat\n10,dog\n");
        TableFiles.Write(_root.Combine("fractions.csv"), "a,y\n1,0.5\n2,1.5\n3,2.5\n4,3.5\n5,4.5\n6,5.5\n7,6.5\n8,7.5\n9,8.5\n10,9.5\n");

        var text = Load(new TabularRequest("text.csv"));
        var regression = Load(new TabularRequest("fractions.csv") { Loss = "huber" });
        var ambiguous = Assert.Throws<SpecException>(() => Load(new TabularRequest("fractions.csv")));
        var wrongLoss = Assert.Throws<SpecException>(() => Load(new TabularRequest("text.csv") { Task = "classification", Loss = "mse" }));

        Assert.Equal(TabularTask.Classification, text.Task);
        Assert.Equal(["cat", "dog"], text.ClassNames);
        Assert.Equal(TabularTask.Regression, regression.Task);
        Assert.Contains("data.task", ambiguous.Message);
        Assert.Contains("fractional numbers", ambiguous.Message);
        Assert.Contains("'cat' is not a number", Assert.Throws<DataException>(() => Load(new TabularRequest("text.csv") { Loss = "mse" })).Message);
        Assert.Contains("loss.name: mse is a regression loss, but text.csv is a classification task (target kind)", wrongLoss.Message);
    }

    [Fact]
    public void Builtin_LossOfTheOtherTask_IsRefusedNamingTheField()
    {
        WriteBoston();

        var e = Assert.Throws<SpecException>(() => Load(new TabularRequest("boston") { Loss = "cross_entropy" }));
        var task = Assert.Throws<SpecException>(() => Load(new TabularRequest("boston") { Loss = "mse", Task = "classification" }));

        Assert.Contains("loss.name", e.Message);
        Assert.Contains("regression task (target MEDV)", e.Message);
        Assert.Contains("data.task", task.Message);
    }

    [Fact]
    public void Builtin_MissingFiles_SayWhereAndHowToGetThem()
    {
        var e = Assert.Throws<DataException>(() => Load(new TabularRequest("diabetes") { Loss = "mse" }));

        Assert.Contains("diabetes_data_raw.csv.gz, diabetes_target.csv.gz not found in " + _root.Combine("sklearn"), e.Message);
        Assert.Contains("scripts/setup.sh", e.Message);
    }

    [Fact]
    public void Builtins_EachReadsItsFileWithTheRightTaskAndNames()
    {
        var dir = _root.Combine("sklearn");
        TableFiles.Write(Path.Combine(dir, "iris.csv"), TableFiles.IrisCsv(rows: 30));
        TableFiles.Write(Path.Combine(dir, "wine_data.csv"), "30,13,class_0,class_1,class_2\n" + string.Concat(Enumerable.Range(0, 30).Select(i => string.Join(",", Enumerable.Repeat(i.ToString(), 13)) + $",{i % 3}\n")));
        TableFiles.Write(Path.Combine(dir, "breast_cancer.csv"), "30,30,malignant,benign\n" + string.Concat(Enumerable.Range(0, 30).Select(i => string.Join(",", Enumerable.Repeat(i.ToString(), 30)) + $",{i % 2}\n")));
        TableFiles.Write(Path.Combine(dir, "digits.csv.gz"), TableFiles.DigitsCsv(rows: 30), gzip: true);
        var (data, target) = TableFiles.DiabetesCsv(rows: 30);
        TableFiles.Write(Path.Combine(dir, "diabetes_data_raw.csv.gz"), data, gzip: true);
        TableFiles.Write(Path.Combine(dir, "diabetes_target.csv.gz"), target, gzip: true);

        var iris = Load(new TabularRequest("iris"));
        var wine = Load(new TabularRequest("wine"));
        var cancer = Load(new TabularRequest("breast-cancer"));
        var digits = Load(new TabularRequest("digits"));
        var diabetes = Load(new TabularRequest("diabetes") { Loss = "mae" });

        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);
        Assert.Equal("petal width (cm)", iris.FeatureNames[3]);
        Assert.Equal(("proline", 3), (wine.FeatureNames[^1], wine.NumClasses));
        Assert.Equal(("worst fractal dimension", "malignant"), (cancer.FeatureNames[^1], cancer.ClassNames[0]));
        Assert.Equal((64, 10), (digits.InputShape[0], digits.NumClasses));
        Assert.Equal((TabularTask.Regression, "progression"), (diabetes.Task, diabetes.TargetName));
    }

    [Fact]
    public void Paths_OutsideTheDataRoot_AreRefused()
    {
        var catalog = new TabularCatalog(_root.Path);

        Assert.Contains("not inside the data root", Assert.Throws<DataException>(() => catalog.Read("../elsewhere.csv", null)).Message);
        Assert.Contains("not inside the data root", Assert.Throws<DataException>(() => catalog.Read("/etc/passwd.csv", null)).Message);
        Assert.False(catalog.IsTable("fashion-mnist"));
        Assert.True(catalog.IsTable("boston"));
    }

    [Fact]
    public void ConvFamilies_AreRefusedForTables()
    {
        var e = Assert.Throws<SpecException>(() => TabularRun.Plan(new ModelSpec { Family = "cnn" }, "boston", 13, 1));
        var plan = TabularRun.Plan(new ModelSpec { Family = "mlp", HiddenSizes = [8] }, "boston", 13, 1);

        Assert.Contains("model.family", e.Message);
        Assert.Contains("cnn needs images, but boston is a table of 13 features; use mlp", e.Message);
        Assert.Equal((13 * 8) + 8 + 8 + 1, plan.Parameters);
    }
}
