namespace FosteringWorkflows.Journeys;

/// <summary>A new journey's id is taken already (a repeated hub enquiry, a retried Idempotency-Key): nothing was written.</summary>
public sealed class JourneyExistsException(string journeyId, Exception inner) : Exception($"Journey {journeyId} exists already.", inner)
{
    public string JourneyId { get; } = journeyId;
}
