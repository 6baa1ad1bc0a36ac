namespace Ablation.Dashboard.Hosting;

/// <summary>
/// The repository root holds the one <c>appsettings.json</c> and the <c>wwwroot/</c> folder shared by
/// the dashboard and the training worker. It is found by walking up to the folder with
/// <c>Dashboard.sln</c>; a copy of the app without the repository uses its own folder.
/// </summary>
public static class RepoRoot
{
    public const string SolutionFile = "Dashboard.sln";

    /// <summary>The repository root, or null when the app runs outside a checkout.</summary>
    public static string? Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>Builder options whose content root and web root are the repository root.</summary>
    public static WebApplicationOptions CreateOptions(string[] args)
    {
        var root = Find() ?? AppContext.BaseDirectory;
        return new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(RepoRoot).Assembly.GetName().Name,
            ContentRootPath = root,
            WebRootPath = Path.Combine(root, "wwwroot"),
        };
    }
}
