namespace FosteringWorkflows.Journeys;

public sealed record JourneySummary(
    string JourneyId,
    string LocalAuthority,
    string Stage,
    string Status,
    DateTimeOffset ReceivedAt,
    string FirstName,
    string LastName,
    bool Overdue,
    string? NextClock,
    DateTimeOffset? NextDueAt);
