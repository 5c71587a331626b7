namespace FosteringWorkflows.Journeys;

public sealed record DeadlineResponse(
    string Clock,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    string State,
    DateTimeOffset? MetAt,
    DateTimeOffset WarnAt,
    DateTimeOffset? EscalatedAt,
    DateTimeOffset? CancelledAt);
