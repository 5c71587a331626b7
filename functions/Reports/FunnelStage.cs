namespace FosteringWorkflows.Reports;

public sealed record FunnelStage(string Stage, int Count, double? Conversion);
