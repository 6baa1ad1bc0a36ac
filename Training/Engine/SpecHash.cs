using System.Security.Cryptography;
using System.Text;
using Ablation.Contracts.Specs;

namespace Ablation.Training.Engine;

public static class SpecHash
{
    /// <summary>First 16 hex digits of the SHA-256 of the canonical spec JSON.</summary>
    public static string Of(RunSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SpecReader.ToCanonicalJson(spec))))[..16];
}
