using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// A prospective carer's journey as the engine holds it between a load and a commit. Changes are collected
/// in <see cref="Pending"/> so the store can write them, with the state, in one transaction.
/// </summary>
public sealed class Journey
{
    public required string Id { get; init; }

    public required string LocalAuthority { get; set; }

    public Stage Stage { get; set; } = Stage.Enquiry;

    public JourneyStatus Status { get; set; } = JourneyStatus.Active;

    /// <summary>The policy the journey's clocks are computed with; changes only when a journey is routed to another owner.</summary>
    public required string PolicyVersion { get; set; }

    public required Applicant Applicant { get; set; }

    public required Consent Consent { get; set; }

    public required string Channel { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>One per kind of step (and per check), the latest: a repeated step replaces its milestone, so this stays bounded.</summary>
    public List<Milestone> Milestones { get; init; } = [];

    /// <summary>The latest instant any recorded step happened at: a new step may not be dated before it.</summary>
    public DateTimeOffset LastEventAt { get; set; }

    public int HistoryCount { get; set; }

    /// <summary>How many full history pages are stored beside the state row.</summary>
    public int HistoryPages { get; set; }

    /// <summary>The newest history entries, kept on the state row until they fill a page.</summary>
    public List<HistoryEntry> HistoryTail { get; set; } = [];

    /// <summary>The purpose of every message the journey has stored, oldest first (at most <see cref="MaxMessages"/>).</summary>
    public List<string> MessageLog { get; set; } = [];

    /// <summary>Messages that were not yet known to be handed over when the journey was last written.</summary>
    public List<string> OpenMessages { get; set; } = [];

    /// <summary>A journey stores at most this many messages, so its state row stays bounded whatever is asked of it.</summary>
    public const int MaxMessages = 400;

    /// <summary>The instant of the timer row this journey last armed for its clocks.</summary>
    public DateTimeOffset? WakeAt { get; set; }

    public string? WithdrawalReason { get; set; }

    /// <summary>The member of staff the journey is allocated to (their sign-in id), if anyone.</summary>
    public string? AllocatedTo { get; set; }

    /// <summary>The last step (its time) after which the team was told the journey had stalled: told once for each stall.</summary>
    public DateTimeOffset? StallToldFor { get; set; }

    /// <summary>
    /// The generation of the applicant's status link: every message carries the link of the generation current when it was
    /// composed, and only the current one opens the page. A new one is made when the applicant asks, or their email or phone is corrected.
    /// </summary>
    public int LinkGeneration { get; set; } = 1;

    /// <summary>Since when the applicant has been waiting for the team (a call asked for, a reply, no channel left), while they are.</summary>
    public DateTimeOffset? AttentionSince { get; set; }

    /// <summary>When the journey ended (approved, not approved, withdrawn or closed).</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>When an approved carer's approval ended, as the council recorded it.</summary>
    public DateTimeOffset? ApprovalEndedAt { get; set; }

    /// <summary>
    /// When the council's retention rule lets the journey's records go: then every row of it is purged and an anonymised
    /// record kept. Null while the journey runs, and for an approved carer until their approval ends.
    /// </summary>
    public DateTimeOffset? RetainUntil { get; set; }

    /// <summary>Whether the journey ever became an application: the law then sets how long it is kept.</summary>
    public bool BecameApplication => Milestones.Any(m => m.Type == "ApplicationReceived");

    public HubHandOff? Hub { get; init; }

    /// <summary>A fingerprint of the request that created the journey (an idempotent retry must match it).</summary>
    public string? RequestHash { get; init; }

    /// <summary>The latest steps recorded with an <c>Idempotency-Key</c> (at most <see cref="MaxStepKeys"/>), to answer their retries.</summary>
    public List<StepKey> StepKeys { get; init; } = [];

    public const int MaxStepKeys = 50;

    /// <summary>Things staff should know about the journey's data, such as a number that cannot take texts.</summary>
    public List<string> Flags { get; init; } = [];

    public BuddyPairing? Buddy { get; set; }

    /// <summary>The people living in the household besides the first applicant, as recorded for Stage 1 (at most <see cref="Household.MaxMembers"/>).</summary>
    public List<HouseholdMember> Household { get; init; } = [];

    /// <summary>How many times the journey has been routed to an owner: part of each routing alert's idempotency key.</summary>
    public int Routings { get; set; }

    public Dictionary<ClockName, Deadline> Deadlines { get; init; } = [];

    public Dictionary<NudgeName, Nudge> Nudges { get; init; } = [];

    /// <summary>The messages loaded with the journey (the open ones for the engine, all of them for people), with their delivery state.</summary>
    public List<OutboxMessage> Messages { get; init; } = [];

    /// <summary>The purpose of every message row the journey has stored, settled or open.</summary>
    public IEnumerable<string> StoredPurposes => MessageLog.Concat(OpenMessages).Distinct(StringComparer.Ordinal);

    /// <summary>Whether a message with this purpose is stored or about to be.</summary>
    public bool HasMessage(string purpose) =>
        MessageLog.Contains(purpose, StringComparer.Ordinal) || Pending.Outbox.Any(m => m.Purpose == purpose);

    /// <summary>Messages not yet handed to a provider.</summary>
    public IEnumerable<OutboxMessage> Undelivered => Messages.Where(m => m.IsUndelivered);

    /// <summary>The state row's version as last read or written (its ETag, opaque outside the store): the next change is written under it.</summary>
    public string? Version { get; set; }

    public PendingChanges Pending { get; } = new();

    public bool IsOverdue => Deadlines.Values.Any(d => d.State == DeadlineState.Breached && d.IsOpen);

    public Deadline? NextOpenDeadline => Deadlines.Values.Where(d => d.IsOpen).MinBy(d => d.DueAt);

    /// <summary>The earliest instant at which a clock, a nudge or a held message of this journey has something to do.</summary>
    public DateTimeOffset? NextTimerPoint(DateTimeOffset now)
    {
        // Messages due now leave straight after the commit (with the dispatch timer as their safety net);
        // only those held for later (quiet hours, a retry's back-off) need a clock timer.
        var points = Deadlines.Values.Select(d => d.NextPoint)
            .Concat(Nudges.Values.Select(n => n.NextAt))
            .Append(RetainUntil)
            .Concat(Undelivered.Concat(Pending.Outbox).Where(m => m.NotBefore > now).Select(m => (DateTimeOffset?)m.NotBefore))
            .Where(p => p is not null)
            .Select(p => p!.Value)
            .ToList();
        return points.Count == 0 ? null : points.Min();
    }
}
