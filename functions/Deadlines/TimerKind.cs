namespace FosteringWorkflows.Deadlines;

public enum TimerKind
{
    /// <summary>A clock or nudge of the journey has something to do.</summary>
    Clock,

    /// <summary>A safety net written with outgoing messages: if the process dies before they leave, this sends them.</summary>
    Dispatch,
}
