namespace FosteringWorkflows.Journeys;

/// <summary>A running clock of a journey on the worklist: which, and when it is due.</summary>
public sealed record WorkClock(string Clock, DateTimeOffset DueAt);
