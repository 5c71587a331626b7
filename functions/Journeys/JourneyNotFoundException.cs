namespace FosteringWorkflows.Journeys;

public sealed class JourneyNotFoundException(string journeyId) : Exception($"Journey {journeyId} does not exist.")
{
    public string JourneyId { get; } = journeyId;
}
