namespace Ablation.Training.Data.Tabular;

/// <summary>One of the data sets scikit-learn ships as CSV, which <c>scripts/setup.sh</c> extracts from Debian's python3-sklearn.</summary>
public sealed record BuiltinTable(string Id, string Title, string Task, string[] Files, Func<string[], RawTable> Read);

/// <summary>
/// The built-in tables, read from <c>&lt;DataRoot&gt;/sklearn/</c> under their names in sklearn's
/// <c>datasets/data</c> folder. Feature names that the files do not carry are sklearn's.
/// </summary>
public static class BuiltinTables
{
    /// <summary>The folder under the data root that holds the files.</summary>
    public const string Folder = "sklearn";

    private static readonly string[] _iris = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];

    private static readonly string[] _wine =
    [
        "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids", "nonflavanoid_phenols",
        "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline",
    ];

    private static readonly string[] _cancerMeasures =
        ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension"];

    private static string[] CancerNames() =>
        [.. _cancerMeasures.Select(m => $"mean {m}"), .. _cancerMeasures.Select(m => $"{m} error"), .. _cancerMeasures.Select(m => $"worst {m}")];

    public static IReadOnlyList<BuiltinTable> All { get; } =
    [
        new("boston", "Boston housing (506 × 13, regression on MEDV)", TabularTask.Regression, ["boston_house_prices.csv"],
            f => TableReaders.ReadSklearnBoston(f[0], Display(f[0]))),
        new("diabetes", "Diabetes (442 × 10, regression on progression)", TabularTask.Regression, ["diabetes_data_raw.csv.gz", "diabetes_target.csv.gz"],
            f => TableReaders.ReadSklearnDiabetes(f[0], f[1], Display(f[0]), Display(f[1]))),
        new("digits", "Digits (1,797 8×8 images as 64 features, 10 classes)", TabularTask.Classification, ["digits.csv.gz"],
            f => TableReaders.ReadSklearnDigits(f[0], Display(f[0]))),
        new("iris", "Iris (150 × 4, 3 classes)", TabularTask.Classification, ["iris.csv"],
            f => TableReaders.ReadSklearnClassification(f[0], Display(f[0]), _iris, "species")),
        new("wine", "Wine (178 × 13, 3 classes)", TabularTask.Classification, ["wine_data.csv"],
            f => TableReaders.ReadSklearnClassification(f[0], Display(f[0]), _wine, "class")),
        new("breast-cancer", "Breast cancer (569 × 30, 2 classes)", TabularTask.Classification, ["breast_cancer.csv"],
            f => TableReaders.ReadSklearnClassification(f[0], Display(f[0]), CancerNames(), "diagnosis")),
    ];

    public static BuiltinTable? Find(string id) => All.FirstOrDefault(b => b.Id == id);

    private static string Display(string path) => $"{Folder}/{Path.GetFileName(path)}";
}
