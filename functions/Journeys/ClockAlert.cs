namespace FosteringWorkflows.Journeys;

/// <summary>The three points of a clock the team is told of: running out, run out, and still not done (to the manager).</summary>
public enum ClockAlert
{
    Warning,
    Breached,
    Escalated,
}
