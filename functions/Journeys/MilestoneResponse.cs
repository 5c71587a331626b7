namespace FosteringWorkflows.Journeys;

public sealed record MilestoneResponse(string Type, DateTimeOffset At, string? Detail, string? Person, string? Reason);
