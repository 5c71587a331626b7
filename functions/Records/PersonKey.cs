using System.Security.Cryptography;
using System.Text;

namespace FosteringWorkflows.Records;

/// <summary>
/// How the people index names a person without holding their email or phone: a SHA-256 of the email in lower case, or of
/// the phone number in E.164 (the form journeys store it in), each with its kind.
/// </summary>
public static class PersonKey
{
    public static string? ForEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : Hash("email:" + email.Trim().ToLowerInvariant());

    public static string? ForPhone(string? e164) => string.IsNullOrWhiteSpace(e164) ? null : Hash("phone:" + e164.Trim());

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
