namespace FosteringWorkflows.Reports;

public sealed record KpiMeasure(string Measure, int Value, int? Target, bool? Met);
