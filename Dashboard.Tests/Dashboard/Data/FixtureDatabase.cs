namespace Ablation.Tests.Dashboard.Data;

/// <summary>
/// The database of Dashboard.Tests/Fixtures: written by the hand-written migrations that the
/// generated ones replaced, with rows in every table (its README says how it was made and what it holds).
/// </summary>
internal static class FixtureDatabase
{
    /// <summary>The last migration the fixture's releases had.</summary>
    public const string LastMigration = "20261204000000_RunEventsOffset";

    public const string ShareToken = "KlMpANmWi7LtMsZ0Rtb9-pxpifH1iGfkJGmPXKbH6F4";
    public const string ApiToken = "abl_HOvwENfhbxQZidBO4AcDHAAtnE4VWVk-ReZ7ul24fvo";
    public const string AdaPassword = "correct horse battery";
    public const string BobPassword = "staple battery horse";

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Fixtures", $"ablation-{LastMigration}.sql");

    /// <summary>Writes the fixture to a new SQLite file at <paramref name="path"/>.</summary>
    public static async Task WriteAsync(string path) => await SqliteFiles.CreateFromScriptAsync(path, await File.ReadAllTextAsync(ScriptPath));
}
