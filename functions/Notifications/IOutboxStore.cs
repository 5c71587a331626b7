namespace FosteringWorkflows.Notifications;

/// <summary>Where a journey's messages are kept: claimed before a send that cannot be de-duplicated, and their outcome recorded.</summary>
public interface IOutboxStore
{
    /// <summary>Claims the message until <paramref name="until"/> under its ETag; null if another dispatcher holds it or it has gone.</summary>
    Task<OutboxMessage?> ClaimAsync(OutboxMessage message, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Records what the provider said about a message.</summary>
    Task RecordAsync(OutboxMessage message, DeliveryStatus status, string provider, string? providerId, DateTimeOffset? sentAt, string? failure,
        DateTimeOffset? retryAt, CancellationToken cancellationToken);
}
