using Ablation.Dashboard.Services.Access;

namespace Ablation.Tests.Dashboard.Access;

public sealed class SecretTokensTests
{
    private static byte[] Decode(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64 + new string('=', (4 - (base64.Length % 4)) % 4));
    }

    [Fact]
    public void Tokens_Carry256RandomBits_AndNeverRepeat()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => SecretTokens.New()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Equal(43, t.Length));
        Assert.All(tokens, t => Assert.True(SecretTokens.LooksValid(t)));
        var bytes = tokens.Select(Decode).ToList();
        Assert.All(bytes, b => Assert.Equal(32, b.Length));

        // Every one of the 256 bit positions is set in about half the tokens: n = 2000, σ ≈ 22, so
        // ±200 is 9 σ; a counter, a timestamp or a short seed would leave some positions fixed.
        for (var bit = 0; bit < 256; bit++)
        {
            var ones = bytes.Count(b => (b[bit / 8] >> (bit % 8) & 1) == 1);
            Assert.InRange(ones, 800, 1200);
        }

        // And no byte value dominates (a uniform byte appears 2000 × 32 / 256 = 250 times).
        var histogram = bytes.SelectMany(b => b).GroupBy(b => b).Select(g => g.Count()).ToList();
        Assert.Equal(256, histogram.Count);
        Assert.InRange(histogram.Max(), 250, 350);
    }

    [Fact]
    public void Hash_IsSha256Hex_AndMalformedTokensAreRejectedBeforeAnyLookup()
    {
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", SecretTokens.Hash("test"));
        Assert.False(SecretTokens.LooksValid(null));
        Assert.False(SecretTokens.LooksValid(""));
        Assert.False(SecretTokens.LooksValid("abc/../1"));
        Assert.False(SecretTokens.LooksValid(new string('a', 500)));
        Assert.False(SecretTokens.LooksValid(SecretTokens.New(), ApiTokenService.Prefix));
        Assert.True(SecretTokens.LooksValid(SecretTokens.New(ApiTokenService.Prefix), ApiTokenService.Prefix));
    }
}
