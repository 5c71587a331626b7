using System.Security.Cryptography;
using System.Text;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// Journey ids derived from a caller's own key for a request (a hub's enquiry id, an Idempotency-Key), so that a
/// repeated request names the same journey and its insert collides with the first instead of creating a second.
/// </summary>
public static class JourneyIds
{
    public static string Derive(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))).AsSpan(0, 16));

    /// <summary>A caller's key: 1 to 100 visible ASCII characters.</summary>
    public static bool IsValidKey(string? key) =>
        !string.IsNullOrWhiteSpace(key) && key.Length <= 100 && key.All(c => c is >= '!' and <= '~');

    /// <summary>
    /// A fingerprint of a request as parsed (so spacing and field order do not matter): a retry under the same
    /// Idempotency-Key must carry the same one, or it is another request reusing the key. (A hub's repeated
    /// hubEnquiryId is answered with the first journey whatever its body: the contract says so.)
    /// </summary>
    public static string Fingerprint<T>(T request) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, Hosting.Problems.Json)));
}
