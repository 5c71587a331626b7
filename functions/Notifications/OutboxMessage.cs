namespace FosteringWorkflows.Notifications;

public enum MessageKind
{
    Applicant,
    StaffAlert,
}

/// <summary>
/// A message a journey must send, stored in the journey's partition in the same transaction as the change that
/// caused it. <see cref="Purpose"/> is unique within the journey (for example <c>warn-Stage1</c> or
/// <c>keep-in-touch-3</c>), so journey id and purpose together are the idempotency key every provider sees.
/// </summary>
public sealed record OutboxMessage(
    string JourneyId,
    string Purpose,
    MessageKind Kind,
    string Channel,
    string To,
    string Template,
    string Body,
    DateTimeOffset CreatedAt)
{
    public string IdempotencyKey => $"{JourneyId}:{Purpose}";
}
