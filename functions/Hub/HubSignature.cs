using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Hub;

/// <summary>
/// Checks <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, an HMAC-SHA256 with the hub's secret over
/// <c>"{X-Hub-Timestamp}.{raw body}"</c>, and that the timestamp is within five minutes of now.
/// </summary>
public sealed class HubSignature(IOptions<HubsOptions> hubs, TimeProvider time)
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The hub that signed the request, or the reason it is refused.</summary>
    public (string? HubId, string? Refusal) Verify(string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return (null, "X-Hub-Timestamp must be the time of signing in unix seconds.");
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        var age = time.GetUtcNow() - signedAt;
        if (age > Tolerance)
        {
            return (null, "The request is older than five minutes.");
        }

        if (age < -Tolerance)
        {
            return (null, "The request is signed more than five minutes in the future.");
        }

        byte[] presented;
        try
        {
            presented = signatureHeader is { Length: > 7 } && signatureHeader.StartsWith("sha256=", StringComparison.Ordinal)
                ? Convert.FromHexString(signatureHeader.AsSpan(7))
                : [];
        }
        catch (FormatException)
        {
            presented = [];
        }

        if (presented.Length != SHA256.HashSizeInBytes)
        {
            return (null, "X-Hub-Signature-256 must be sha256= followed by 64 hex digits.");
        }

        var signed = new byte[Encoding.UTF8.GetByteCount(timestampHeader!) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestampHeader, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));

        // Every secret is tried, match or not, so timing says nothing about which hub or secret came close.
        string? match = null;
        foreach (var (id, hub) in hubs.Value.Items)
        {
            foreach (var secret in hub.Secrets)
            {
                var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
                if (CryptographicOperations.FixedTimeEquals(expected, presented))
                {
                    match = id;
                }
            }
        }

        return match is null ? (null, "The signature does not match.") : (match, null);
    }

    /// <summary>How a hub signs: used by the tests and by anyone writing a hub client.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body.ToArray()).ToArray();
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
