namespace FosteringWorkflows.Journeys;

public sealed record JourneyPage(IReadOnlyList<JourneySummary> Items, string? ContinuationToken);
