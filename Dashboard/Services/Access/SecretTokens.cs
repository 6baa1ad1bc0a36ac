using System.Security.Cryptography;
using System.Text;

namespace Ablation.Dashboard.Services.Access;

/// <summary>
/// Unguessable tokens (share links, API tokens): 256 bits from <see cref="RandomNumberGenerator"/>,
/// written as base64url (43 characters). Only their SHA-256 is looked up: the database compares
/// hashes of high-entropy secrets, so neither the stored value nor the timing of a lookup helps
/// anyone guess a token.
/// </summary>
public static class SecretTokens
{
    public const int Bytes = 32;

    public static string New(string prefix = "")
    {
        var bytes = RandomNumberGenerator.GetBytes(Bytes);
        return prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether the text could be a token at all (bounded length, base64url alphabet), checked before any lookup.</summary>
    public static bool LooksValid(string? token, string prefix = "") =>
        token is { Length: > 0 and <= 128 } && token.StartsWith(prefix, StringComparison.Ordinal)
        && token.AsSpan(prefix.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;
}
