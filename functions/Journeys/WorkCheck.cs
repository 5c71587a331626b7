namespace FosteringWorkflows.Journeys;

/// <summary>A Stage 1 check not yet in, for one person, and when it is due.</summary>
public sealed record WorkCheck(string Person, string Check, DateTimeOffset DueAt);
