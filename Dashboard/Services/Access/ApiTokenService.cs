using Ablation.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Access;

/// <summary>
/// Personal API tokens for curl and scripts (<c>Authorization: Bearer abl_…</c>): created from the
/// command line (<c>./ablate user token NAME</c>), shown once, stored as SHA-256 only.
/// </summary>
public sealed class ApiTokenService(IDbContextFactory<AblationDb> dbFactory)
{
    public const string Prefix = "abl_";

    /// <summary>Creates a token for the user; the returned text is the only copy there will ever be.</summary>
    public async Task<string> CreateAsync(string userId, string name, CancellationToken cancel = default)
    {
        var token = SecretTokens.New(Prefix);
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        db.ApiTokens.Add(new ApiToken { UserId = userId, Name = name, TokenHash = SecretTokens.Hash(token), CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(cancel);
        return token;
    }

    /// <summary>The user a token belongs to, or null for anything else.</summary>
    public async Task<(string UserId, string UserName)?> FindUserAsync(string? token, CancellationToken cancel = default)
    {
        if (!SecretTokens.LooksValid(token, Prefix))
        {
            return null;
        }

        var hash = SecretTokens.Hash(token!);
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var found = await db.ApiTokens.Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { u.Id, u.UserName })
            .SingleOrDefaultAsync(cancel);
        return found is null ? null : (found.Id, found.UserName ?? found.Id);
    }
}
