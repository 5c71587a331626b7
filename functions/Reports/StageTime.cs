namespace FosteringWorkflows.Reports;

public sealed record StageTime(string Stage, int Count, double? MedianDays, double? P90Days);
