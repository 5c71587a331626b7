namespace FosteringWorkflows.Deadlines;

/// <summary>What a due timer or a journey-work message does: wake the journey, so its clocks move to where the time says they are.</summary>
public interface IJourneyWaker
{
    Task WakeAsync(string journeyId, CancellationToken cancellationToken);
}
