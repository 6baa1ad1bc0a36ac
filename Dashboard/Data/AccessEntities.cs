namespace Ablation.Dashboard.Data;

/// <summary>
/// A read-only link to one study's results. Only the SHA-256 of the token is searchable; the
/// token itself is kept encrypted by ASP.NET Core Data Protection, so signed-in users can copy the
/// link again while a copy of the database file alone opens nothing.
/// </summary>
public sealed class ShareLink
{
    public int Id { get; set; }
    public int StudyId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token; unique.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The token encrypted with the dashboard's data-protection keys.</summary>
    public required string ProtectedToken { get; set; }

    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was revoked; a revoked link opens nothing, and its row stays as a record.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A personal API token (for curl and scripts) of one user; only its SHA-256 is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token; unique.</summary>
    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
