using System.Text.Json;
using Azure;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

public enum Stage
{
    Enquiry,
    Screening,
    InformationEvent,
    InitialVisit,
    ProgressDecision,
    Application,
    Stage1,
    Assessment,
    Panel,
    AgencyDecision,
}

public enum JourneyStatus
{
    Active,
    Approved,
    NotApproved,
    Withdrawn,
    Closed,
}

public sealed record Applicant(
    string FirstName,
    string LastName,
    string? Email,
    string? Phone,
    string? Postcode,
    string? PreferredChannel,
    string? PreferredContactFrom);

public sealed record Consent(bool Sms, bool Email);

/// <summary>How a hub handed the enquiry over: its own id for it, and where it was routed and why, as answered then.</summary>
public sealed record HubHandOff(string HubId, string HubEnquiryId, string RoutedTo, string RouteReason);

/// <summary>
/// A step that happened. For a Stage 1 check, <see cref="Detail"/> is the check, <see cref="Person"/> whose it is (null: the
/// first applicant) and <see cref="Reason"/> why it does not apply, where it was marked not applicable.
/// </summary>
public sealed record Milestone(string Type, DateTimeOffset At, string? Detail = null, string? Person = null, string? Reason = null);

/// <summary>One line of "who did what when". Data holds the event's own fields, never free text about a person.</summary>
public sealed record HistoryEntry(int Seq, string Type, DateTimeOffset At, DateTimeOffset RecordedAt, string Actor, JsonElement? Data);

/// <summary>A recurring or one-off applicant message the journey sends on its own (weekly keep-in-touch, visit reminder).</summary>
public sealed class Nudge(string name)
{
    public const string KeepInTouch = "KeepInTouch";
    public const string VisitReminder = "VisitReminder";
    public const string PanelReminder = "PanelReminder";

    /// <summary>The earliest instant a required Stage 1 check not yet in is overdue, when the team is told.</summary>
    public const string ChecksDue = "ChecksDue";

    /// <summary>The end of the applicant's 28 days for representations or the Independent Review Mechanism.</summary>
    public const string RepresentationsWindow = "RepresentationsWindow";

    public string Name { get; } = name;

    /// <summary>When it next fires; null when it is not running.</summary>
    public DateTimeOffset? NextAt { get; set; }

    /// <summary>How many times it has been armed or fired: part of each message's idempotency key.</summary>
    public int Count { get; set; }
}

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

    /// <summary>Things staff should know about the journey's data, such as a number that cannot take texts.</summary>
    public List<string> Flags { get; init; } = [];

    public BuddyPairing? Buddy { get; set; }

    /// <summary>The people living in the household besides the first applicant, as recorded for Stage 1 (at most <see cref="Household.MaxMembers"/>).</summary>
    public List<HouseholdMember> Household { get; init; } = [];

    /// <summary>How many times the journey has been routed to an owner: part of each routing alert's idempotency key.</summary>
    public int Routings { get; set; }

    public Dictionary<ClockName, Deadline> Deadlines { get; init; } = [];

    public Dictionary<string, Nudge> Nudges { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The messages loaded with the journey (the open ones for the engine, all of them for people), with their delivery state.</summary>
    public List<OutboxMessage> Messages { get; init; } = [];

    /// <summary>The purpose of every message row the journey has stored, settled or open.</summary>
    public IEnumerable<string> StoredPurposes => MessageLog.Concat(OpenMessages).Distinct(StringComparer.Ordinal);

    /// <summary>Whether a message with this purpose is stored or about to be.</summary>
    public bool HasMessage(string purpose) =>
        MessageLog.Contains(purpose, StringComparer.Ordinal) || Pending.Outbox.Any(m => m.Purpose == purpose);

    /// <summary>Messages not yet handed to a provider.</summary>
    public IEnumerable<OutboxMessage> Undelivered => Messages.Where(m => m.IsUndelivered);

    public ETag ETag { get; set; }

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

/// <summary>What one command changed, for the store to write atomically.</summary>
public sealed class PendingChanges
{
    public List<HistoryEntry> History { get; } = [];

    public HashSet<ClockName> Deadlines { get; } = [];

    public HashSet<string> Nudges { get; } = new(StringComparer.Ordinal);

    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Stored messages whose delivery state changes with this command (a delivery receipt).</summary>
    public List<OutboxMessage> MessageUpdates { get; } = [];

    public bool StateChanged { get; set; }

    public bool Any => StateChanged || History.Count > 0 || Deadlines.Count > 0 || Nudges.Count > 0 || Outbox.Count > 0 || MessageUpdates.Count > 0;
}
