using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Notifications;

/// <summary>Refuses delivery settings that would never send or never retry.</summary>
internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options) =>
        options.MaxAttempts >= 1 && options.RetryDelay > TimeSpan.Zero && options.ClaimLease > TimeSpan.Zero && options.HttpRetryDelay > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Notifications: MaxAttempts at least 1; RetryDelay, ClaimLease and HttpRetryDelay positive.");
}
