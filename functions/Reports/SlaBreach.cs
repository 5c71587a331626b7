namespace FosteringWorkflows.Reports;

/// <summary>A breach: <see cref="Cancelled"/> when the clock ended with its journey (a withdrawal) rather than by its step.</summary>
public sealed record SlaBreach(
    string JourneyId, string LocalAuthority, string Clock, DateTimeOffset DueAt, string OverdueBy, DateTimeOffset? EndedAt, bool Open, bool Cancelled);
