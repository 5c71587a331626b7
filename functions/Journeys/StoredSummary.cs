namespace FosteringWorkflows.Journeys;

/// <summary>A journey's state row with the clock figures kept on it for lists.</summary>
public sealed record StoredSummary(Journey Journey, bool Overdue, string? NextClock, DateTimeOffset? NextDueAt);
