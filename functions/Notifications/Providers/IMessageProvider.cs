namespace FosteringWorkflows.Notifications.Providers;

/// <summary>One way of handing a message over: GOV.UK Notify, SendGrid, Azure Communication Services, Teams, or the dev outbox.</summary>
public interface IMessageProvider
{
    string Name { get; }

    /// <summary>True when the provider itself refuses a second message with the same idempotency key, so no claim is needed first.</summary>
    bool DeduplicatesByKey { get; }

    /// <summary>Hands the message over; returns the provider's id for it. Throws <see cref="DeliveryException"/> when it is refused.</summary>
    Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// After an attempt whose outcome is unknown (the process died between handing over and recording it): the
    /// provider's id if the provider has it, null if it does not or cannot say.
    /// </summary>
    Task<string?> FindSentAsync(OutboxMessage message, CancellationToken cancellationToken);
}
