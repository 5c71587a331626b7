namespace FosteringWorkflows.Reports;

/// <summary>How many reached each step in the period, the conversion from the step before, and the withdrawals.</summary>
public sealed record FunnelReport(
    IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, IReadOnlyList<FunnelStage> Stages, double? EnquiryToApproval,
    IReadOnlyList<WithdrawalCount> Withdrawals, IReadOnlyList<RouteFunnel> Routes) : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } = ["section", "routeReason", "stage", "reasonCode", "count", "conversion"];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        Stages.Select(s => (IReadOnlyList<string?>)["stage", null, s.Stage, null, CsvCell.N(s.Count), CsvCell.N(s.Conversion)])
            .Append(["enquiryToApproval", null, null, null, null, CsvCell.N(EnquiryToApproval)])
            .Concat(Withdrawals.Select(w => (IReadOnlyList<string?>)["withdrawal", null, w.Stage, w.ReasonCode, CsvCell.N(w.Count), null]))
            .Concat(Routes.SelectMany(r => r.Stages.Select(s => (IReadOnlyList<string?>)["route", r.RouteReason, s.Stage, null, CsvCell.N(s.Count), CsvCell.N(s.Conversion)])));
}
