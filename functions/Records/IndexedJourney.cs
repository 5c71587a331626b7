namespace FosteringWorkflows.Records;

/// <summary>One journey's entry in a person's index row.</summary>
public sealed record IndexedJourney(string JourneyId, string Council);
