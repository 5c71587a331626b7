namespace FosteringWorkflows.Journeys;

/// <summary>How much of a journey a caller needs.</summary>
public enum LoadDepth
{
    /// <summary>The state row alone: stage, status, clocks, nudges, milestones, the message ledger.</summary>
    State,

    /// <summary>What the engine works with: the state row and the messages not yet known to be handed over.</summary>
    Working,

    /// <summary>Everything, for people: every message with its delivery state, and the whole history.</summary>
    Everything,
}
