using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Notifications;

/// <summary>The key applicants' status links are made with (<c>Applicants:LinkKey</c>): base64, at least 32 random bytes, the same on every replica.</summary>
public sealed class StatusLinkOptions : IValidateOptions<StatusLinkOptions>
{
    public const string Section = "Applicants";

    public string? LinkKey { get; set; }

    /// <summary>The key's bytes, once it is known to be valid.</summary>
    public byte[] KeyBytes => Convert.FromBase64String(LinkKey!);

    public ValidateOptionsResult Validate(string? name, StatusLinkOptions options)
    {
        try
        {
            return options.LinkKey is { Length: > 0 } key && Convert.FromBase64String(key).Length >= 32
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Applicants:LinkKey must be set: base64 of at least 32 random bytes (openssl rand -base64 32), the same on every replica.");
        }
        catch (FormatException)
        {
            return ValidateOptionsResult.Fail("Applicants:LinkKey is not base64.");
        }
    }
}
