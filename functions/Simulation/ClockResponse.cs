namespace FosteringWorkflows.Simulation;

public sealed record ClockResponse(DateTimeOffset Now);
