using System.Security.Cryptography;
using System.Text;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// A secret a caller presents (an API key, a provider's callback token, a webhook's key) checked against one the service
/// holds: both hashed first, so the comparison takes the same time whatever their lengths and wherever they differ. An
/// empty secret on either side never matches.
/// </summary>
public static class Secrets
{
    /// <summary>The presented secret's digest, to compare against several held ones with <see cref="Matches(byte[], string?)"/>.</summary>
    public static byte[] Digest(string presented) => SHA256.HashData(Encoding.UTF8.GetBytes(presented));

    public static bool Matches(byte[] presentedDigest, string? held) =>
        held is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(presentedDigest, Digest(held));

    public static bool Matches(string? presented, string? held) => presented is { Length: > 0 } && Matches(Digest(presented), held);
}
