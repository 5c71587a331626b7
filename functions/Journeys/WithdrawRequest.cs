namespace FosteringWorkflows.Journeys;

public sealed record WithdrawRequest(string? ReasonCode, string? Note);
