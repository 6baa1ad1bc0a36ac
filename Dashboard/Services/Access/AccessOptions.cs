namespace Ablation.Dashboard.Services.Access;

/// <summary>When a signed-in user is needed (<see cref="AccessOptions.RequireLogin"/>).</summary>
public enum LoginRule
{
    /// <summary>Needed when any listening address is beyond loopback (the default).</summary>
    Auto,

    /// <summary>Always needed, also on loopback (behind a reverse proxy on the same machine, tests).</summary>
    Always,

    /// <summary>Never needed, whatever the addresses: only for a machine nobody else can reach.</summary>
    Never,
}

/// <summary>The "Dashboard" section of appsettings.json: who may use the dashboard (docs/security.md).</summary>
public sealed class AccessOptions
{
    public const string Section = "Dashboard";

    /// <summary>The environment variable that holds <see cref="InitialUser"/>'s password; never a setting in a file.</summary>
    public const string InitialPasswordVariable = "ABLATE_INITIAL_PASSWORD";

    public LoginRule RequireLogin { get; set; } = LoginRule.Auto;

    /// <summary>A user created at start when no user of that name exists, with the password from <see cref="InitialPasswordVariable"/>.</summary>
    public string? InitialUser { get; set; }

    /// <summary>Sign-in attempts one client address may make per minute; more get 429.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 5;
}
