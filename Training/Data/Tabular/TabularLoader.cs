using System.Globalization;
using Ablation.Contracts.Specs;

namespace Ablation.Training.Data.Tabular;

/// <summary>
/// Loads a table for one run: reads it, settles the task, splits it with the run's seed, and
/// standardizes features (and regression targets) with statistics of the training split only, so
/// nothing about the validation or test rows leaks into training.
/// </summary>
public sealed class TabularLoader(TabularCatalog catalog)
{
    public TabularData Load(TabularRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var files = catalog.Read(request.Dataset, request.Target);
        var name = files.Name;
        var task = TaskOf(request, files);

        // Classes come from every row of every file, so a split that misses a class does not shrink the output layer.
        var allTargets = files.Test is null ? files.Train.Targets : [.. files.Train.Targets, .. files.Test.Targets];
        var classNames = task == TabularTask.Classification ? ClassNamesOf(files.Train, allTargets, name) : [];
        var trainTargets = TargetValues(files.Train, task, classNames);
        var testTargets = files.Test is null ? null : TargetValues(files.Test, task, classNames);

        int[] trainRows, validationRows, testRows;
        if (files.Test is null)
        {
            var proportions = request.Split
                ?? [(1 - TableSplitter.DefaultTestFraction) * (1 - request.ValidationFraction), (1 - TableSplitter.DefaultTestFraction) * request.ValidationFraction, TableSplitter.DefaultTestFraction];
            (trainRows, validationRows, testRows) = TableSplitter.ByProportions(files.Train.Count, proportions, request.Seed);
        }
        else
        {
            if (request.Split is not null)
            {
                throw new SpecException("data.split", $"{name} has a separate test file; split only its training rows with data.validation_fraction");
            }

            var (train, validation) = Splits.TrainValidation(files.Train.Count, request.ValidationFraction, request.Seed);
            (trainRows, validationRows, testRows) = (train, validation, Enumerable.Range(0, files.Test.Count).ToArray());
        }

        trainRows = Cap(trainRows, request.Subset, request.Seed, name, "subset", "training");
        testRows = Cap(testRows, request.TestSubset, request.Seed, name, "test_subset", "test");
        if (trainRows.Length < 2)
        {
            throw new DataException($"{name}: {trainRows.Length} training rows out of {files.Train.Count}; a run needs at least 2 (a larger table, or a smaller validation/test share)");
        }

        if (testRows.Length == 0)
        {
            throw new DataException($"{name}: the split leaves no test rows out of {files.Train.Count}");
        }

        var features = files.Train.FeatureCount;
        var (mean, std) = request.Normalization == DataRequest.StandardNormalization
            ? ColumnStats(files.Train.Features, features, trainRows)
            : (new double[features], Enumerable.Repeat(1.0, features).ToArray());

        double targetMean = 0, targetStd = 1;
        if (task == TabularTask.Regression)
        {
            var (m, s) = ColumnStats(trainTargets, 1, trainRows);
            (targetMean, targetStd) = (m[0], s[0]);
        }

        TableSplit Make(RawTable table, double[] targets, int[] rows) =>
            MakeSplit(table, targets, rows, mean, std, task, targetMean, targetStd);

        return new TabularData
        {
            Train = Make(files.Train, trainTargets, trainRows),
            Validation = Make(files.Train, trainTargets, validationRows),
            Test = files.Test is null ? Make(files.Train, trainTargets, testRows) : Make(files.Test, testTargets!, testRows),
            DatasetName = name,
            Task = task,
            FeatureNames = files.Train.FeatureNames,
            FeatureMean = mean,
            FeatureStd = std,
            TargetName = files.Train.TargetName,
            TargetMean = targetMean,
            TargetStd = targetStd,
            ClassNames = classNames,
        };
    }

    /// <summary>The task from data.task, the set itself, the loss, or the target's values, in that order; a clash is an error.</summary>
    private static string TaskOf(TabularRequest request, TableFiles files)
    {
        var name = files.Name;
        var table = files.Train;
        var lossIsRegression = Vocabulary.RegressionLosses.Contains(request.Loss);
        string task;
        if (request.Task is { } explicitTask)
        {
            if (table.Task is { } known && known != explicitTask)
            {
                throw new SpecException("data.task", $"{name} is a {known} set (target {table.TargetName}), not {explicitTask}");
            }

            task = explicitTask;
        }
        else if (table.Task is { } known)
        {
            task = known;
        }
        else if (lossIsRegression)
        {
            task = TabularTask.Regression;
        }
        else if (table.Targets.Any(t => IsNumber(t, out var v) && v != Math.Floor(v)))
        {
            throw new SpecException("data.task",
                $"{name}'s target '{table.TargetName}' holds fractional numbers (a regression target?) but loss.name is {request.Loss}, a classification loss; "
                + "set data.task to \"regression\" and loss.name to mse, mae or huber, or data.task to \"classification\"");
        }
        else
        {
            task = TabularTask.Classification;
        }

        if (task == TabularTask.Regression && !lossIsRegression)
        {
            throw new SpecException("loss.name", $"{request.Loss} is a classification loss, but {name} is a regression task (target {table.TargetName}); use mse, mae or huber");
        }

        if (task == TabularTask.Classification && lossIsRegression)
        {
            throw new SpecException("loss.name", $"{request.Loss} is a regression loss, but {name} is a classification task (target {table.TargetName}); use cross_entropy, euclidean or hinge");
        }

        return task;
    }

    private static string[] ClassNamesOf(RawTable table, string[] allTargets, string name)
    {
        if (table.ClassNames is { } known)
        {
            return known;
        }

        var distinct = allTargets.Distinct(StringComparer.Ordinal).ToList();
        var numeric = distinct.All(t => IsNumber(t, out _));
        var ordered = numeric
            ? distinct.OrderBy(t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList()
            : distinct.OrderBy(t => t, StringComparer.Ordinal).ToList();
        if (ordered.Count < 2)
        {
            throw new DataException($"{name}: the target '{table.TargetName}' has {ordered.Count} distinct value; classification needs at least 2 classes");
        }

        return [.. ordered];
    }

    /// <summary>Regression: each row's target as a number. Classification: each row's class index.</summary>
    private static double[] TargetValues(RawTable table, string task, string[] classNames)
    {
        var values = new double[table.Count];
        var index = table.ClassNames is null ? classNames.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal) : null;
        for (var r = 0; r < table.Count; r++)
        {
            var text = table.Targets[r];
            if (task == TabularTask.Regression || table.ClassNames is not null)
            {
                if (!IsNumber(text, out var value))
                {
                    throw new DataException($"{table.File}: line {table.Lines[r]}, target '{table.TargetName}': '{text}' is not a number");
                }

                if (task == TabularTask.Classification && (value != Math.Floor(value) || value < 0 || value >= classNames.Length))
                {
                    throw new DataException($"{table.File}: line {table.Lines[r]}, target '{table.TargetName}': '{text}' is not a class label 0..{classNames.Length - 1}");
                }

                values[r] = value;
            }
            else
            {
                values[r] = index![text];
            }
        }

        return values;
    }

    private static int[] Cap(int[] rows, int? cap, int seed, string name, string field, string what)
    {
        if (cap is not { } size)
        {
            return rows;
        }

        if (size > rows.Length)
        {
            throw new DataException($"{name}: {field} {size} is larger than the {rows.Length} {what} rows");
        }

        return Splits.Subset(rows.Length, size, seed).Select(i => rows[i]).ToArray();
    }

    /// <summary>Mean and population standard deviation of each column over the given rows; a constant column gets a std of 1.</summary>
    internal static (double[] Mean, double[] Std) ColumnStats(double[] values, int columns, int[] rows)
    {
        var mean = new double[columns];
        var std = new double[columns];
        foreach (var r in rows)
        {
            for (var j = 0; j < columns; j++)
            {
                mean[j] += values[(r * columns) + j];
            }
        }

        for (var j = 0; j < columns; j++)
        {
            mean[j] /= rows.Length;
        }

        foreach (var r in rows)
        {
            for (var j = 0; j < columns; j++)
            {
                var d = values[(r * columns) + j] - mean[j];
                std[j] += d * d;
            }
        }

        for (var j = 0; j < columns; j++)
        {
            var s = Math.Sqrt(std[j] / rows.Length);
            std[j] = s > 1e-12 ? s : 1;
        }

        return (mean, std);
    }

    private static TableSplit MakeSplit(RawTable table, double[] targets, int[] rows, double[] mean, double[] std, string task, double targetMean, double targetStd)
    {
        var f = table.FeatureCount;
        var features = new float[rows.Length * f];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < f; j++)
            {
                features[(i * f) + j] = (float)((table.Features[(rows[i] * f) + j] - mean[j]) / std[j]);
            }
        }

        return task == TabularTask.Regression
            ? new TableSplit(features, f, null, rows.Select(r => (float)((targets[r] - targetMean) / targetStd)).ToArray(), rows)
            : new TableSplit(features, f, rows.Select(r => (long)targets[r]).ToArray(), null, rows);
    }

    private static bool IsNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
