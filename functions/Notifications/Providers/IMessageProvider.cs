using System.Net;

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

/// <summary>A provider refused a message. Permanent refusals (a bad number, a bad key) are not tried again.</summary>
public sealed class DeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>429 and 5xx pass; other 4xx are the request's fault and will not pass by being repeated.</summary>
    public static DeliveryException FromStatus(string provider, HttpStatusCode status, string detail) =>
        new($"{provider} answered {(int)status}: {detail}", permanent: (int)status is >= 400 and < 500 and not 408 and not 429);
}
