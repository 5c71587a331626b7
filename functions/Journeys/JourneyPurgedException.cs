namespace FosteringWorkflows.Journeys;

/// <summary>A journey with this (derived) id was purged; a retried request must not bring the person's data back.</summary>
public sealed class JourneyPurgedException(string journeyId) : Exception($"Journey {journeyId} was purged.");
