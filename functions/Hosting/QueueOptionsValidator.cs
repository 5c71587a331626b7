using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Hosting;

/// <summary>Refuses queue settings outside what Azure Storage allows.</summary>
internal sealed class QueueOptionsValidator : IValidateOptions<QueueOptions>
{
    public ValidateOptionsResult Validate(string? name, QueueOptions options) =>
        options.BatchSize is < 1 or > 32 ? ValidateOptionsResult.Fail("extensions:queues:batchSize is 1 to 32 (the Azure Storage limit).")
        : options.MaxDequeueCount >= 1 && options.VisibilityTimeout > TimeSpan.Zero && options.MaxPollingInterval > TimeSpan.Zero ? ValidateOptionsResult.Success
        : ValidateOptionsResult.Fail("extensions:queues: counts and intervals must be positive.");
}
