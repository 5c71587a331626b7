namespace FosteringWorkflows.Reports;

/// <summary>One council's month. <see cref="Complete"/>: the whole month is in the period and over, so <c>met</c> is said.</summary>
public sealed record KpiMonth(string LocalAuthority, string Month, bool Complete, IReadOnlyList<KpiMeasure> Measures);
