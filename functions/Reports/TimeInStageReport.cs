namespace FosteringWorkflows.Reports;

/// <summary>Days spent in each stage (by when it ended), application to approval, and the share of approvals within each council's target.</summary>
public sealed record TimeInStageReport(
    IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, IReadOnlyList<StageTime> Stages, StageTime ApplicationToApproval,
    IReadOnlyList<ApprovalTarget> ApprovalsWithinTarget) : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } =
        ["section", "stage", "count", "medianDays", "p90Days", "localAuthority", "targetDays", "approvals", "withinTarget", "share"];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        Stages.Append(ApplicationToApproval)
            .Select(s => (IReadOnlyList<string?>)["stage", s.Stage, CsvCell.N(s.Count), CsvCell.N(s.MedianDays), CsvCell.N(s.P90Days), null, null, null, null, null])
            .Concat(ApprovalsWithinTarget.Select(a => (IReadOnlyList<string?>)
                ["approvalTarget", null, null, null, null, a.LocalAuthority, CsvCell.N(a.TargetDays), CsvCell.N(a.Approvals), CsvCell.N(a.WithinTarget), CsvCell.N(a.Share)]));
}
