namespace FosteringWorkflows.Journeys;

public sealed record NudgeResponse(string Name, DateTimeOffset? NextAt);
