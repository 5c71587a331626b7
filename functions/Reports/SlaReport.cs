namespace FosteringWorkflows.Reports;

/// <summary>
/// Each clock's outcomes for the clocks that started in the period, and the breaches among them. Elapsed times are of the
/// clocks that stopped: in working hours for clocks set in working time, otherwise in days (<see cref="SlaClock.Unit"/>);
/// <c>medianHours</c> and <c>p90Hours</c> give the same in hours.
/// </summary>
public sealed record SlaReport(
    IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, DateTimeOffset AsOf, IReadOnlyList<SlaClock> Clocks, IReadOnlyList<SlaBreach> Breaches)
    : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } =
    [
        "section", "clock", "unit", "started", "met", "breached", "open", "openOverdue", "medianHours", "p90Hours", "median", "p90", "cancelled",
        "journeyId", "localAuthority", "dueAt", "overdueBy", "endedAt", "breachOpen", "breachCancelled",
    ];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        Clocks.Select(c => (IReadOnlyList<string?>)
            ["clock", c.Clock, c.Unit, CsvCell.N(c.Started), CsvCell.N(c.Met), CsvCell.N(c.Breached), CsvCell.N(c.Open), CsvCell.N(c.OpenOverdue), CsvCell.N(c.MedianHours), CsvCell.N(c.P90Hours), CsvCell.N(c.Median), CsvCell.N(c.P90), CsvCell.N(c.Cancelled),
                null, null, null, null, null, null, null])
        .Concat(Breaches.Select(b => (IReadOnlyList<string?>)
            ["breach", b.Clock, null, null, null, null, null, null, null, null, null, null, null, b.JourneyId, b.LocalAuthority, CsvCell.N(b.DueAt), b.OverdueBy, CsvCell.N(b.EndedAt),
                b.Open ? "true" : "false", b.Cancelled ? "true" : "false"]));

}
