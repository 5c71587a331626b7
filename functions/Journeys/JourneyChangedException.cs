namespace FosteringWorkflows.Journeys;

/// <summary>The journey was changed by someone else since it was read (its ETag moved): nothing of this change was written.</summary>
public sealed class JourneyChangedException(string journeyId, Exception inner) : Exception($"Journey {journeyId} was changed concurrently.", inner)
{
    public string JourneyId { get; } = journeyId;
}
