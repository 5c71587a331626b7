using FosteringWorkflows.Notifications;

namespace FosteringWorkflows.Journeys;

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
        [.. j.Nudges.Values.OrderBy(n => n.Name.ToString(), StringComparer.Ordinal).Select(n => new NudgeResponse(n.Name.ToString(), Local(n.NextAt, zone)))],
        [.. history.OrderBy(h => h.Seq).Select(h => new HistoryResponse(h.Seq, h.Type, Local(h.At, zone), Local(h.RecordedAt, zone), h.Actor, h.Data))],
        j.WithdrawalReason,
        [.. j.Household.Select(m => new HouseholdMemberResponse(m.Id, m.FirstName, m.Relationship, m.DateOfBirth, m.Turns18On, Local(m.AddedAt, zone)))],
        checks,
        [.. checks.Where(c => c.State == Household.Outstanding)],
        j.Buddy,
        j.Hub,
        j.Flags,
        [.. j.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Purpose, StringComparer.Ordinal).Select(m => new MessageResponse(
            m.Purpose, m.Kind.ToString(), m.Channel.Wire(), m.Template, m.Status.ToString(), Local(m.NotBefore, zone), Local(m.SentAt, zone),
            Local(m.DeliveredAt, zone), m.Attempts, m.Provider, m.LastError))],
        j.AllocatedTo);

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
