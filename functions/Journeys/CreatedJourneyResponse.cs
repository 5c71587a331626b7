namespace FosteringWorkflows.Journeys;

public sealed record CreatedJourneyResponse(string JourneyId, string LocalAuthority, string Stage, IReadOnlyList<DeadlineResponse> Deadlines);
