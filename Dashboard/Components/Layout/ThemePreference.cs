namespace Ablation.Dashboard.Components.Layout;

/// <summary>
/// Light or dark, as a browser asked for it: the scheme picked with the app bar's toggle (a cookie, so
/// that the server renders the page in it and nothing flips when the circuit starts), else the
/// system's as Chromium sends it (<see cref="Hint"/>, asked for by <see cref="Hosting.DashboardPipeline"/>),
/// else unknown until the circuit asks the browser (AppShell).
/// </summary>
public sealed record ThemePreference(bool? ChosenDark, bool? SystemDark)
{
    /// <summary>The cookie the toggle writes (js/theme.js): "dark" or "light"; absent, the system's scheme is followed.</summary>
    public const string Cookie = "abl-theme";

    /// <summary>The client hint with the system's scheme ("dark" or "light").</summary>
    public const string Hint = "Sec-CH-Prefers-Color-Scheme";

    /// <summary>Dark, light, or null where nothing has said yet.</summary>
    public bool? Dark => ChosenDark ?? SystemDark;

    public static ThemePreference From(HttpRequest request) =>
        new(Parse(request.Cookies[Cookie]), Parse(request.Headers[Hint].ToString().Trim('"')));

    private static bool? Parse(string? scheme) => scheme switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };
}
