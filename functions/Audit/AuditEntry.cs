namespace FosteringWorkflows.Audit;

/// <summary>
/// One call to the API: who (an API key's name, a signed-in user, a hub, a provider's callback), what (the method and the
/// route's template, never the query string, which may carry an email or a phone number), on which journey and council
/// where that is known, when, from which address, and how it was answered. Never the applicant's details.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At, string Actor, string? Role, string Method, string Route, string? JourneyId, string? Council, string? Address, int Status)
{
    /// <summary>The order this instance recorded calls in, for calls within one tick (or one instant of the simulated clock).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [CsvHelper.Configuration.Attributes.Ignore]
    public long Sequence { get; init; }

    /// <summary>The journeys the call showed, where it showed several (a list, an export): their ids only.</summary>
    [CsvHelper.Configuration.Attributes.Ignore]
    public IReadOnlyList<string> Shown { get; init; } = [];

    /// <summary>The same, in one CSV cell, space-separated.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [CsvHelper.Configuration.Attributes.Name("Shown")]
    public string ShownInCsv => string.Join(' ', Shown);

    /// <summary>Whether the call was about, or showed, a journey.</summary>
    public bool Concerns(string journeyId) => JourneyId == journeyId || Shown.Contains(journeyId, StringComparer.Ordinal);
}
