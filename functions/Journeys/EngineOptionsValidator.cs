using FosteringWorkflows.Notifications;
using Microsoft.Extensions.Options;

using FosteringWorkflows.Hosting;

namespace FosteringWorkflows.Journeys;

/// <summary>Refuses a dispatch grace that could retry a message while a live dispatcher still holds its claim.</summary>
internal sealed class EngineOptionsValidator(IOptions<DeliveryOptions> delivery) : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options) =>
        options.DispatchGrace > delivery.Value.ClaimLease
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Engine:DispatchGrace must be longer than Notifications:ClaimLease, so a dead dispatcher's claim has lapsed when its message is retried.");
}
