namespace FosteringWorkflows.Reports;

public sealed record KpiReport(IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, IReadOnlyList<KpiMonth> Months) : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } = ["localAuthority", "month", "complete", "measure", "value", "target", "met"];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        Months.SelectMany(m => m.Measures.Select(k => (IReadOnlyList<string?>)
            [m.LocalAuthority, m.Month, m.Complete ? "true" : "false", k.Measure, CsvCell.N(k.Value), k.Target is { } t ? CsvCell.N(t) : null,
                k.Met is { } met ? (met ? "true" : "false") : null]));
}
