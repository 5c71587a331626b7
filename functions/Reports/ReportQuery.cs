using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Reports;

/// <summary>What a report is asked for: the councils (within the caller's), the period, and for the SLA report the clocks.</summary>
public sealed record ReportQuery(IReadOnlyList<string> Councils, DateOnly From, DateOnly To, IReadOnlyList<ClockName> Clocks, int OfstedYear)
{
    public DateOnly OfstedFrom => new(OfstedYear, 4, 1);

    public DateOnly OfstedTo => OfstedFrom.AddYears(1).AddDays(-1);
}
