namespace FosteringWorkflows.Reports;

/// <summary>The counts Ofsted's annual fostering data collection asks for, for an April–March year.</summary>
/// <remarks><see cref="Withdrawals"/> counts every withdrawal; <see cref="ApplicationsWithdrawn"/> those after an application.</remarks>
public sealed record OfstedReport(
    string Year, IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, int Enquiries, int Applications, int Approvals, int Withdrawals,
    IReadOnlyList<WithdrawalCount> WithdrawalsByReason, int NotApproved, int ApplicationsWithdrawn) : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } = ["measure", "stage", "reasonCode", "count"];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        new (string, int)[]
        {
            ("enquiries", Enquiries), ("applications", Applications), ("approvals", Approvals), ("notApproved", NotApproved),
            ("withdrawals", Withdrawals), ("applicationsWithdrawn", ApplicationsWithdrawn),
        }
            .Select(m => (IReadOnlyList<string?>)[m.Item1, null, null, CsvCell.N(m.Item2)])
            .Concat(WithdrawalsByReason.Select(w => (IReadOnlyList<string?>)["withdrawals", w.Stage, w.ReasonCode, CsvCell.N(w.Count)]));
}
