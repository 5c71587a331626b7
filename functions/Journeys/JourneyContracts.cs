using System.Text.Json;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;

namespace FosteringWorkflows.Journeys;

public sealed record DeadlineResponse(
    string Clock,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    string State,
    DateTimeOffset? MetAt,
    DateTimeOffset WarnAt,
    DateTimeOffset? EscalatedAt,
    DateTimeOffset? CancelledAt);

public sealed record MilestoneResponse(string Type, DateTimeOffset At, string? Detail, string? Person, string? Reason);

/// <summary>Someone in the household besides the first applicant: how events name them, and whether they are 18 by the assessment's end.</summary>
public sealed record HouseholdMemberResponse(string PersonId, string FirstName, string Relationship, DateOnly DateOfBirth, DateOnly Turns18On, DateTimeOffset AddedAt);

/// <summary>
/// A Stage 1 check for one person: <c>Completed</c> or <c>NotApplicable</c> (with the reason) once recorded, <c>Outstanding</c>
/// while required and not in, with when it is due and whether that has passed.
/// </summary>
public sealed record CheckResponse(
    string PersonId, string Check, bool Required, string State, DateTimeOffset? At, string? Reason, DateTimeOffset? DueAt, bool Overdue, DateOnly? RequiredFrom);

public sealed record HistoryResponse(int Seq, string Type, DateTimeOffset At, DateTimeOffset RecordedAt, string Actor, JsonElement? Data);

public sealed record NudgeResponse(string Name, DateTimeOffset? NextAt);

public sealed record JourneyResponse(
    string JourneyId,
    string LocalAuthority,
    string Stage,
    string Status,
    string PolicyVersion,
    string Channel,
    DateTimeOffset ReceivedAt,
    Applicant Applicant,
    Consent Consent,
    IReadOnlyList<MilestoneResponse> Milestones,
    IReadOnlyList<DeadlineResponse> Deadlines,
    IReadOnlyList<NudgeResponse> Nudges,
    IReadOnlyList<HistoryResponse> History,
    string? WithdrawalReason,
    IReadOnlyList<HouseholdMemberResponse> Household,
    IReadOnlyList<CheckResponse> Checks,
    IReadOnlyList<CheckResponse> OutstandingChecks,
    BuddyPairing? Buddy,
    HubHandOff? Hub,
    IReadOnlyList<string> Flags,
    IReadOnlyList<MessageResponse> Messages);

/// <summary>A message the journey sent or holds, with its delivery state; the words themselves stay in the outbox.</summary>
public sealed record MessageResponse(
    string Purpose, string Kind, string Channel, string Template, string Status, DateTimeOffset NotBefore,
    DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, int Attempts, string? Provider, string? LastError);

public sealed record JourneySummary(
    string JourneyId,
    string LocalAuthority,
    string Stage,
    string Status,
    DateTimeOffset ReceivedAt,
    string FirstName,
    string LastName,
    bool Overdue,
    string? NextClock,
    DateTimeOffset? NextDueAt);

public sealed record JourneyPage(IReadOnlyList<JourneySummary> Items, string? ContinuationToken);

public sealed record CreatedJourneyResponse(string JourneyId, string LocalAuthority, string Stage, IReadOnlyList<DeadlineResponse> Deadlines);

/// <summary>Maps journeys to the public contract, with every instant shown in the council's own zone.</summary>
public static class JourneyMapping
{
    public static JourneyResponse ToResponse(
        this Journey j, IEnumerable<HistoryEntry> history, TimeZoneInfo zone, IReadOnlyList<CheckStatus> checks, DateTimeOffset now)
    {
        var mapped = checks.Select(c => new CheckResponse(
            c.PersonId, c.Check, c.Required, c.State, Local(c.At, zone), c.Reason, Local(c.DueAt, zone),
            c.State == Household.Outstanding && j.Status == JourneyStatus.Active && c.DueAt <= now, c.RequiredFrom)).ToList();
        return j.ToResponse(history, zone, mapped);
    }

    private static JourneyResponse ToResponse(this Journey j, IEnumerable<HistoryEntry> history, TimeZoneInfo zone, List<CheckResponse> checks) => new(
        j.Id,
        j.LocalAuthority,
        j.Stage.ToString(),
        j.Status.ToString(),
        j.PolicyVersion,
        j.Channel,
        Local(j.ReceivedAt, zone),
        j.Applicant,
        j.Consent,
        [.. j.Milestones.Select(m => new MilestoneResponse(m.Type, Local(m.At, zone), m.Detail, m.Person, m.Reason))],
        j.Deadlines(zone),
        [.. j.Nudges.Values.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => new NudgeResponse(n.Name, Local(n.NextAt, zone)))],
        [.. history.OrderBy(h => h.Seq).Select(h => new HistoryResponse(h.Seq, h.Type, Local(h.At, zone), Local(h.RecordedAt, zone), h.Actor, h.Data))],
        j.WithdrawalReason,
        [.. j.Household.Select(m => new HouseholdMemberResponse(m.Id, m.FirstName, m.Relationship, m.DateOfBirth, m.Turns18On, Local(m.AddedAt, zone)))],
        checks,
        [.. checks.Where(c => c.State == Household.Outstanding)],
        j.Buddy,
        j.Hub,
        j.Flags,
        [.. j.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Purpose, StringComparer.Ordinal).Select(m => new MessageResponse(
            m.Purpose, m.Kind.ToString(), m.Channel, m.Template, m.Status.ToString(), Local(m.NotBefore, zone), Local(m.SentAt, zone),
            Local(m.DeliveredAt, zone), m.Attempts, m.Provider, m.LastError))]);

    public static IReadOnlyList<DeadlineResponse> Deadlines(this Journey j, TimeZoneInfo zone) =>
    [
        .. j.Deadlines.Values.OrderBy(d => d.StartedAt).ThenBy(d => d.Clock).Select(d => new DeadlineResponse(
            d.Clock.ToString(),
            Local(d.StartedAt, zone),
            Local(d.DueAt, zone),
            d.State.ToString(),
            Local(d.MetAt, zone),
            Local(d.WarnAt, zone),
            Local(d.EscalatedAt, zone),
            Local(d.CancelledAt, zone))),
    ];

    public static JourneySummary ToSummary(this StoredSummary s, TimeZoneInfo zone)
    {
        var j = s.Journey;
        return new JourneySummary(
            j.Id, j.LocalAuthority, j.Stage.ToString(), j.Status.ToString(), Local(j.ReceivedAt, zone),
            j.Applicant.FirstName, j.Applicant.LastName, s.Overdue, s.NextClock, Local(s.NextDueAt, zone));
    }

    private static DateTimeOffset Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    private static DateTimeOffset? Local(DateTimeOffset? instant, TimeZoneInfo zone) => instant is { } i ? TimeZoneInfo.ConvertTime(i, zone) : null;
}
