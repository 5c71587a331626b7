namespace FosteringWorkflows.Notifications;

/// <summary>
/// A message a journey must send, stored in the journey's partition in the same transaction as the change that
/// caused it. <see cref="Purpose"/> is unique within the journey (for example <c>warn-Stage1</c> or
/// <c>keep-in-touch-3</c>), so journey id and purpose together are the idempotency key every provider sees.
/// </summary>
public sealed record OutboxMessage(
    string JourneyId,
    string Purpose,
    MessageKind Kind,
    MessageChannel Channel,
    string To,
    string Template,
    string Body,
    DateTimeOffset CreatedAt)
{
    public string IdempotencyKey => KeyOf(JourneyId, Purpose);

    /// <summary>The idempotency key of a journey's message with this purpose.</summary>
    public static string KeyOf(string journeyId, string purpose) => $"{journeyId}:{purpose}";

    /// <summary>The owner (council or triage team) whose providers and templates send it.</summary>
    public string Council { get; init; } = "";

    public string? Subject { get; init; }

    /// <summary>Not handed over before this (quiet hours, preferred contact time, a retry's back-off).</summary>
    public DateTimeOffset NotBefore { get; init; }

    /// <summary>The template's fields, for providers that render their own templates (GOV.UK Notify personalisation).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    public DeliveryStatus Status { get; init; } = DeliveryStatus.Pending;

    public int Attempts { get; init; }

    public DateTimeOffset? FirstAttemptAt { get; init; }

    public DateTimeOffset? ClaimedUntil { get; init; }

    public string? Provider { get; init; }

    public string? ProviderId { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public string? LastError { get; init; }

    /// <summary>The message row's version as last read (its ETag, opaque outside the store): a claim is written under it.</summary>
    public string? Version { get; init; }

    /// <summary>Still to be handed over (pending, or claimed by a dispatcher that may have died).</summary>
    public bool IsUndelivered => Status is DeliveryStatus.Pending or DeliveryStatus.Sending;
}
