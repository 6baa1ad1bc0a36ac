namespace Ablation.Training.Data;

/// <summary>
/// Loads a dataset for one run: resolves it, reads the files, draws the subset and the
/// validation split with the run's seed, and computes the normalization from the training split
/// only (statistics that had seen validation images would leak them into training).
/// </summary>
public sealed class DatasetLoader
{
    private readonly DataCatalog _catalog;

    public DatasetLoader(DataCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    public LoadedData Load(DataRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);

        var source = _catalog.Resolve(request.Dataset);
        var name = source.DisplayName;
        var (train, test, knownClassNames, classCount) = ImageSourceReader.Read(source, request.Images, _catalog.ImageCache);
        if (train.Count == 0 || test.Count == 0)
        {
            throw new DataException($"{name}: {train.Count} training and {test.Count} test images; both splits need at least one");
        }

        if (train.Height != test.Height || train.Width != test.Width)
        {
            throw new DataException(
                $"{name}: training images are {train.Height}x{train.Width} but test images are {test.Height}x{test.Width}");
        }

        // Counted over the full files, so a small subset that happens to miss the top class does
        // not shrink the model's output layer.
        var numClasses = classCount ?? (int)Math.Max(MaxLabel(train), MaxLabel(test)) + 1;
        var classNames = ClassNames(name, knownClassNames, numClasses);

        var pool = Enumerable.Range(0, train.Count).ToArray();
        if (request.Subset is { } subset)
        {
            if (subset > train.Count)
            {
                throw new DataException($"{name}: subset {subset} is larger than the {train.Count} training images");
            }

            pool = Splits.Subset(train.Count, subset, request.Seed);
        }

        var (trainPositions, validationPositions) = Splits.TrainValidation(pool.Length, request.ValidationFraction, request.Seed);
        if (trainPositions.Length == 0)
        {
            throw new DataException(
                $"{name}: a validation fraction of {request.ValidationFraction} leaves no training images out of {pool.Length}");
        }

        var trainSplit = train.Select(Map(pool, trainPositions));
        var validationSplit = train.Select(Map(pool, validationPositions));

        var testSplit = test;
        if (request.TestSubset is { } testSubset)
        {
            if (testSubset > test.Count)
            {
                throw new DataException($"{name}: test subset {testSubset} is larger than the {test.Count} test images");
            }

            testSplit = test.Select(Splits.Subset(test.Count, testSubset, request.Seed));
        }

        var (mean, std) = request.Normalization == DataRequest.StandardNormalization
            ? Normalization.ChannelStats(trainSplit)
            : (Filled(train.Channels, 0f), Filled(train.Channels, 1f));

        return new LoadedData
        {
            Train = trainSplit,
            Validation = validationSplit,
            Test = testSplit,
            Mean = mean,
            Std = std,
            ClassNames = classNames,
            NumClasses = numClasses,
            DatasetName = name,
            Source = source,
        };
    }

    private static void Validate(DataRequest request)
    {
        var dataset = string.IsNullOrWhiteSpace(request.Dataset) ? "dataset" : request.Dataset;
        if (!(request.ValidationFraction >= 0 && request.ValidationFraction < 1))
        {
            throw new DataException($"{dataset}: validation fraction {request.ValidationFraction} is outside [0, 1)");
        }

        if (request.Normalization is not (DataRequest.StandardNormalization or DataRequest.NoNormalization))
        {
            throw new DataException(
                $"{dataset}: unknown normalization '{request.Normalization}' "
                + $"(expected '{DataRequest.StandardNormalization}' or '{DataRequest.NoNormalization}')");
        }

        if (request.Subset is <= 0)
        {
            throw new DataException($"{dataset}: subset {request.Subset} must be positive");
        }

        if (request.Images.ImageSize is { } size && size is < ImageOptions.MinImageSize or > ImageOptions.MaxImageSize)
        {
            throw new DataException($"{dataset}: image size {size} is outside [{ImageOptions.MinImageSize}, {ImageOptions.MaxImageSize}]");
        }

        if (request.Images.Channels is not (null or 1 or 3))
        {
            throw new DataException($"{dataset}: channels {request.Images.Channels} must be 1 or 3");
        }

        if (request.TestSubset is <= 0)
        {
            throw new DataException($"{dataset}: test subset {request.TestSubset} must be positive");
        }
    }

    private static string[] ClassNames(string name, string[]? known, int numClasses)
    {
        if (known is null)
        {
            return Enumerable.Range(0, numClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        if (numClasses > known.Length)
        {
            throw new DataException($"{name}: label {numClasses - 1} found but the dataset has only {known.Length} classes");
        }

        // Labels decide the size of the output layer; names beyond the highest label would
        // describe classes the model cannot predict.
        return known[..numClasses];
    }

    private static long MaxLabel(ImageSet set)
    {
        var max = 0L;
        foreach (var label in set.Labels)
        {
            max = Math.Max(max, label);
        }

        return max;
    }

    private static int[] Map(int[] pool, int[] positions)
    {
        var indices = new int[positions.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            indices[i] = pool[positions[i]];
        }

        return indices;
    }

    private static float[] Filled(int length, float value)
    {
        var array = new float[length];
        Array.Fill(array, value);
        return array;
    }
}
