using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Hosting;

/// <summary>Refuses a retry policy that could not retry.</summary>
internal sealed class RetryOptionsValidator : IValidateOptions<RetryOptions>
{
    public ValidateOptionsResult Validate(string? name, RetryOptions options) =>
        options.MaxRetryCount >= 0 && options.MinimumInterval > TimeSpan.Zero && options.MaximumInterval >= options.MinimumInterval
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("retry: intervals must be positive with maximum ≥ minimum.");
}
