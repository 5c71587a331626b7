namespace FosteringWorkflows.Simulation;

public sealed record AdvanceRequest(string? By, DateTimeOffset? To);
