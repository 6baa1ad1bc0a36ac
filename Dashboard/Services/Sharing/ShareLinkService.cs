using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ablation.Dashboard.Data;
using Ablation.Dashboard.Services.Access;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Ablation.Dashboard.Services.Sharing;

/// <summary>A share link as the monitor page lists it; <see cref="Token"/> is null when the keys that encrypted it are gone.</summary>
public sealed record ShareLinkInfo(int Id, int StudyId, string? Token, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// Read-only links to one study's results (docs/security.md): create, list, resolve, revoke. A
/// token is 256 random bits; it is found by its SHA-256 and kept encrypted for copying again.
/// Revoking raises <see cref="OnRevoked"/> at once, so open share pages and hub connections drop
/// the study without waiting for their next update.
/// </summary>
public sealed class ShareLinkService(IDbContextFactory<AblationDb> dbFactory, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Ablation.Dashboard.ShareLinks.v1");
    private readonly ConcurrentDictionary<Guid, (int LinkId, Action Callback)> _listeners = new();

    /// <summary>Creates a link to the study; the study must exist.</summary>
    public async Task<ShareLinkInfo> CreateAsync(int studyId, string createdBy, CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        if (!await db.Studies.AnyAsync(s => s.Id == studyId, cancel))
        {
            throw new ArgumentException($"study {studyId} does not exist", nameof(studyId));
        }

        var token = SecretTokens.New();
        var link = new ShareLink
        {
            StudyId = studyId,
            TokenHash = SecretTokens.Hash(token),
            ProtectedToken = _protector.Protect(token),
            CreatedBy = createdBy,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync(cancel);
        return new ShareLinkInfo(link.Id, studyId, token, createdBy, link.CreatedAt, null);
    }

    /// <summary>Every link of the study, newest first, revoked ones included.</summary>
    public async Task<List<ShareLinkInfo>> ListAsync(int studyId, CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var links = await db.ShareLinks.AsNoTracking().Where(l => l.StudyId == studyId).OrderByDescending(l => l.Id).ToListAsync(cancel);
        return links.Select(l => new ShareLinkInfo(l.Id, l.StudyId, l.RevokedAt is null ? Unprotect(l.ProtectedToken) : null, l.CreatedBy, l.CreatedAt, l.RevokedAt)).ToList();
    }

    /// <summary>The live link a token opens, or null (unknown, malformed or revoked).</summary>
    public async Task<ShareLinkInfo?> ResolveAsync(string? token, CancellationToken cancel = default)
    {
        if (!SecretTokens.LooksValid(token))
        {
            return null;
        }

        var hash = SecretTokens.Hash(token!);
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        var link = await db.ShareLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash && l.RevokedAt == null, cancel);
        return link is null ? null : new ShareLinkInfo(link.Id, link.StudyId, token, link.CreatedBy, link.CreatedAt, null);
    }

    /// <summary>Revokes a link of the study; false when there is no such live link.</summary>
    public async Task<bool> RevokeAsync(int studyId, int linkId, CancellationToken cancel = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancel);
        DateTimeOffset? now = DateTimeOffset.UtcNow;
        var revoked = await db.ShareLinks.Where(l => l.Id == linkId && l.StudyId == studyId && l.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.RevokedAt, now), cancel);
        if (revoked == 0)
        {
            return false;
        }

        foreach (var (_, listener) in _listeners.Where(l => l.Value.LinkId == linkId).ToList())
        {
            listener.Callback();
        }

        return true;
    }

    /// <summary>Calls <paramref name="callback"/> when the link is revoked; dispose to stop listening.</summary>
    public IDisposable OnRevoked(int linkId, Action callback)
    {
        var id = Guid.NewGuid();
        _listeners[id] = (linkId, callback);
        return new Listener(() => _listeners.TryRemove(id, out _));
    }

    private string? Unprotect(string protectedToken)
    {
        try
        {
            return _protector.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            return null; // the key ring changed: the link still works, it just cannot be shown again
        }
    }

    private sealed class Listener(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
