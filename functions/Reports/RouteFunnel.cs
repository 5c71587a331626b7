namespace FosteringWorkflows.Reports;

public sealed record RouteFunnel(string RouteReason, IReadOnlyList<FunnelStage> Stages);
