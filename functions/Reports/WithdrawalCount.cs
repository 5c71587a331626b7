namespace FosteringWorkflows.Reports;

public sealed record WithdrawalCount(string Stage, string ReasonCode, int Count);
