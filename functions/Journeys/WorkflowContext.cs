using System.Text.Json;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// Everything a transition may do to a journey, at one instant under the journey's own policy version. Each
/// operation records what it changed in <see cref="Journey.Pending"/>, so the store writes it all in one transaction.
/// </summary>
public sealed class WorkflowContext(CouncilPolicy policy, MessageComposer composer, DateTimeOffset now, string actor, Uri journeyLink)
{
    public DateTimeOffset Now => now;

    public CouncilPolicy Policy => policy;

    public string Actor => actor;

    /// <summary>Starts a clock, if the journey's policy version has it (a journey started before a clock existed keeps its own set).</summary>
    public void StartClock(Journey journey, ClockName clock, DateTimeOffset at)
    {
        if (policy.Policy.Clocks.TryGetValue(clock, out var rule))
        {
            journey.Deadlines[clock] = Deadline.Start(clock, at, rule, policy.Calendar);
            journey.Pending.Deadlines.Add(clock);
        }
    }

    /// <summary>Starts (or re-times) a clock due the policy's span before <paramref name="date"/>.</summary>
    public void StartClockBefore(Journey journey, ClockName clock, DateTimeOffset at, DateTimeOffset date)
    {
        if (policy.Policy.Clocks.TryGetValue(clock, out var rule))
        {
            var timing = journey.Deadlines.TryGetValue(clock, out var earlier) ? earlier.Timing + 1 : 0;
            journey.Deadlines[clock] = Deadline.StartBefore(clock, at, date, rule, policy.Calendar, timing);
            journey.Pending.Deadlines.Add(clock);
        }
    }

    /// <summary>Stops a clock at the moment the work was done: met if by its due time, otherwise it stays breached.</summary>
    public void StopClock(Journey journey, ClockName clock, DateTimeOffset at)
    {
        if (!journey.Deadlines.TryGetValue(clock, out var deadline) || !deadline.IsOpen)
        {
            return;
        }

        deadline.MetAt = at;
        if (at <= deadline.DueAt)
        {
            deadline.State = DeadlineState.Met;
        }
        else if (deadline.State != DeadlineState.Breached)
        {
            deadline.State = DeadlineState.Breached;
            deadline.BreachedAt = deadline.DueAt;
        }

        journey.Pending.Deadlines.Add(clock);
    }

    /// <summary>Cancels one clock that no longer applies; a clock already breached keeps its breach.</summary>
    public void CancelClock(Journey journey, ClockName clock)
    {
        if (journey.Deadlines.TryGetValue(clock, out var deadline) && deadline.IsOpen)
        {
            deadline.CancelledAt = now;
            if (deadline.State != DeadlineState.Breached)
            {
                deadline.State = DeadlineState.Cancelled;
            }

            journey.Pending.Deadlines.Add(clock);
        }
    }

    /// <summary>How many working days a journey with no clock running may wait for a step before it has stalled.</summary>
    public const int StalledAfterWorkingDays = 10;

    /// <summary>The stages a journey waits in with no clock to watch it (screening, an information event, the application).</summary>
    public static bool IsStallingStage(Stage stage) => stage is Stage.Screening or Stage.InformationEvent or Stage.Application;

    /// <summary>When the journey stalls (or stalled): the end of the 10th working day after its last step, if it is active at a stage no clock watches and none runs.</summary>
    public static DateTimeOffset? StallsAt(Journey journey, Calendar.WorkingCalendar calendar) =>
        journey.Status == JourneyStatus.Active && IsStallingStage(journey.Stage) && !journey.Deadlines.Values.Any(d => d.IsOpen)
            ? calendar.EndOfWorkingDaysAfter(journey.LastEventAt, StalledAfterWorkingDays) : null;

    /// <summary>
    /// Tells the team, once for each stall, that the journey has gone 10 working days without a step at a stage no clock
    /// watches. Nothing when it has not stalled (a step since, a clock started) or the team was told about this stall.
    /// </summary>
    public void TellStalled(Journey journey)
    {
        if (StallsAt(journey, policy.Calendar) is not { } at || at > now || journey.StallToldFor == journey.LastEventAt)
        {
            return;
        }

        TellTeam(journey, $"stalled-{journey.LastEventAt.UtcTicks}", "staff-journey-stalled", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["stage"] = journey.Stage switch { Stage.InformationEvent => "an information event", Stage.Application => "the application", _ => "screening" },
            ["since"] = LocalTime(journey.LastEventAt),
        });
        journey.StallToldFor = journey.LastEventAt;
        journey.Pending.StateChanged = true;
    }

    /// <summary>An email to the council's team, with the journey's link.</summary>
    public void TellTeam(Journey journey, string purpose, string template, IReadOnlyDictionary<string, string> values) =>
        Queue(journey, composer.ToTeam(journey, purpose, template, now, journeyLink, toManager: false, values));

    public void CancelOpenClocks(Journey journey)
    {
        foreach (var deadline in journey.Deadlines.Values.Where(d => d.IsOpen))
        {
            deadline.CancelledAt = now;
            if (deadline.State != DeadlineState.Breached)
            {
                deadline.State = DeadlineState.Cancelled;
            }

            journey.Pending.Deadlines.Add(deadline.Clock);
        }

        foreach (var nudge in journey.Nudges.Values.Where(n => n.NextAt is not null))
        {
            StopNudge(journey, nudge.Name);
        }
    }

    public void MoveTo(Journey journey, Stage stage)
    {
        journey.Stage = stage;
        journey.Pending.StateChanged = true;
    }

    /// <summary>Ends the journey as of <paramref name="at"/> (the decision's own time; default now): its retention runs from then.</summary>
    public void Finish(Journey journey, JourneyStatus status, DateTimeOffset? at = null)
    {
        var endedAt = at ?? now;
        journey.Status = status;
        journey.EndedAt = endedAt;
        journey.Pending.StateChanged = true;
        CancelOpenClocks(journey);
        if (journey.Flags.RemoveAll(IsAttentionFlag) > 0 || journey.AttentionSince is not null)
        {
            journey.AttentionSince = null; // an ended journey leaves the worklist: nothing waits on it
        }

        // The retention clock starts at the decision; an approved carer's starts only when their approval ends.
        var keep = policy.Policy.Keep;
        journey.RetainUntil = status == JourneyStatus.Approved ? null
            : (journey.BecameApplication ? keep.RefusedOrWithdrawn : keep.Enquiry).From(endedAt, policy.Calendar);
    }

    /// <summary>Keeps a step's idempotency key, the oldest dropped past <see cref="Journey.MaxStepKeys"/>.</summary>
    public static void RememberStep(Journey journey, StepKey key)
    {
        journey.StepKeys.Add(key);
        if (journey.StepKeys.Count > Journey.MaxStepKeys)
        {
            journey.StepKeys.RemoveAt(0);
        }

        journey.Pending.StateChanged = true;
    }

    /// <summary>The applicant's details and consent as corrected.</summary>
    public void Correct(Journey journey, Applicant applicant, Consent consent)
    {
        journey.Applicant = applicant;
        journey.Consent = consent;
        journey.Pending.StateChanged = true;
    }

    /// <summary>An approved carer's approval has ended: their records are kept for the council's period from then (at least 10 years).</summary>
    public void ApprovalEnded(Journey journey, DateTimeOffset endedAt)
    {
        journey.ApprovalEndedAt = endedAt;
        journey.RetainUntil = policy.Policy.Keep.ApprovalEnded.From(endedAt, policy.Calendar);
        journey.Pending.StateChanged = true;
        Record(journey, "ApprovalEnded", endedAt, JsonSerializer.SerializeToElement(new { retainUntil = journey.RetainUntil }));
    }

    /// <summary>
    /// Records that a kind of step happened. A repeated step (a re-booked visit, a new panel date) replaces its
    /// milestone rather than adding one, so a journey holds at most one milestone per kind however often it is told.
    /// </summary>
    public void Milestone(Journey journey, string type, DateTimeOffset at, string? detail = null)
    {
        journey.Milestones.RemoveAll(m => m.Type == type);
        journey.Milestones.Add(new Milestone(type, at, detail));
        journey.Pending.StateChanged = true;
    }

    /// <summary>Records a Stage 1 check for a person (completed, or not applicable with a reason), one milestone each.</summary>
    public void CheckMilestone(Journey journey, Milestone milestone)
    {
        journey.Milestones.Add(milestone);
        journey.Pending.StateChanged = true;
    }

    /// <summary>
    /// Arms the team's reminder at the earliest due instant of the required checks not yet in and not yet reported overdue,
    /// or stops it when there is none.
    /// </summary>
    public void ArmChecksDue(Journey journey, IEnumerable<CheckStatus> missing)
    {
        var next = missing.Where(m => m.DueAt is not null && !journey.HasMessage(CheckOverduePurpose(m))).Min(m => m.DueAt);
        if (next is null)
        {
            StopNudge(journey, NudgeName.ChecksDue);
        }
        else if (!journey.Nudges.TryGetValue(NudgeName.ChecksDue, out var nudge) || nudge.NextAt != next)
        {
            ArmNudge(journey, NudgeName.ChecksDue, next);
        }
    }

    private static string CheckOverduePurpose(CheckStatus check) => $"check-overdue-{check.PersonId}-{check.Check}";

    /// <summary>Tells the team of each required check now overdue, once each, then waits for the next.</summary>
    private void ChecksOverdue(Journey journey)
    {
        var missing = Household.Missing(journey, policy);
        foreach (var check in missing.Where(m => m.DueAt <= now && !journey.HasMessage(CheckOverduePurpose(m))))
        {
            Record(journey, "CheckOverdue", check.DueAt!.Value,
                JsonSerializer.SerializeToElement(new { person = check.PersonId, check = check.Check, dueAt = check.DueAt }), "system");
            TellTeam(journey, CheckOverduePurpose(check), "staff-check-overdue", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["check"] = Household.Describe(journey, check),
                ["dueAt"] = LocalTime(check.DueAt!.Value),
            });
        }

        // Those just reported are done with; one the message cap kept from the team is not waited on again.
        ArmChecksDue(journey, missing.Where(m => m.DueAt > now));
    }

    public void Record(Journey journey, string type, DateTimeOffset at, JsonElement? data = null, string? by = null)
    {
        journey.HistoryCount++;
        journey.Pending.History.Add(new HistoryEntry(journey.HistoryCount, type, at, now, by ?? actor, data));
        journey.Pending.StateChanged = true;
    }

    public void ArmNudge(Journey journey, NudgeName name, DateTimeOffset? at)
    {
        if (!journey.Nudges.TryGetValue(name, out var nudge))
        {
            nudge = journey.Nudges[name] = new Nudge(name);
        }

        nudge.NextAt = at;
        nudge.Count++;
        journey.Pending.Nudges.Add(name);
    }

    public void StopNudge(Journey journey, NudgeName name)
    {
        if (journey.Nudges.TryGetValue(name, out var nudge) && nudge.NextAt is not null)
        {
            nudge.NextAt = null;
            journey.Pending.Nudges.Add(name);
        }
    }

    public void SendToApplicant(Journey journey, string purpose, string template, IReadOnlyDictionary<string, string>? values = null)
    {
        var message = composer.ToApplicant(journey, purpose, template, now, policy.Calendar, values);
        if (message is null)
        {
            Record(journey, "MessageNotSent", now, JsonSerializer.SerializeToElement(new { purpose, reason = "no consented channel" }), "system");
            Unreachable(journey);
            return;
        }

        Queue(journey, message);
    }

    /// <summary>The journey's flag while no consented channel can reach the applicant.</summary>
    public const string UnreachableFlag = "Unreachable";

    /// <summary>The applicant asked on their page to be called, and no member of staff has recorded a step since.</summary>
    public const string CallRequestedFlag = "CallRequested";

    /// <summary>The applicant replied (a text), and no member of staff has recorded a step since.</summary>
    public const string RepliedFlag = "ApplicantReplied";

    private static readonly string[] AttentionFlags = [UnreachableFlag, CallRequestedFlag, RepliedFlag];

    /// <summary>Whether a flag means the applicant is waiting for the team.</summary>
    public static bool IsAttentionFlag(string flag) => AttentionFlags.Contains(flag);

    /// <summary>
    /// No consented channel can reach the applicant (a text-only applicant whose number takes no texts, the last channel opted
    /// out of): flagged, shown on the worklist, and the team told at once, once until they can be reached again.
    /// </summary>
    public void Unreachable(Journey journey)
    {
        if (journey.Flags.Contains(UnreachableFlag))
        {
            return;
        }

        var why = !journey.Consent.Sms && !journey.Consent.Email ? "they have not agreed to texts or emails (or have stopped both)"
            : journey.Consent.Email && !string.IsNullOrWhiteSpace(journey.Applicant.Email) ? "no consented channel can be used"
            : journey.Consent.Sms && !journey.Consent.Email ? "they agreed only to texts, and their number cannot take texts"
            : journey.Consent.Email && !journey.Consent.Sms ? "they agreed only to emails, and there is no email address"
            : "their number cannot take texts, and there is no email address";
        if (journey.Status != JourneyStatus.Active)
        {
            return; // an ended journey has nothing more to tell them, and is on no worklist
        }

        Attention(journey, UnreachableFlag);
        TellTeam(journey, $"unreachable-{journey.HistoryCount}", "staff-applicant-unreachable", new Dictionary<string, string>(StringComparer.Ordinal) { ["why"] = why });
    }

    /// <summary>After a change of details or consent: the unreachable flag goes once a channel reaches the applicant again.</summary>
    public void RecheckReach(Journey journey)
    {
        if (journey.Flags.Contains(UnreachableFlag) && MessageComposer.CanReach(journey))
        {
            journey.Flags.Remove(UnreachableFlag);
            AttentionEnded(journey);
        }
    }

    /// <summary>Something the team should act on for the applicant: flagged, and on the worklist from now until it is dealt with.</summary>
    public void Attention(Journey journey, string flag)
    {
        if (!journey.Flags.Contains(flag))
        {
            journey.Flags.Add(flag);
        }

        journey.AttentionSince ??= now;
        journey.Pending.StateChanged = true;
    }

    /// <summary>A member of staff recorded a step: a call asked for and a reply are taken as dealt with.</summary>
    public void Attended(Journey journey)
    {
        if (journey.Flags.RemoveAll(f => f is CallRequestedFlag or RepliedFlag) > 0)
        {
            AttentionEnded(journey);
        }
    }

    private static void AttentionEnded(Journey journey)
    {
        if (!journey.Flags.Any(AttentionFlags.Contains))
        {
            journey.AttentionSince = null;
        }

        journey.Pending.StateChanged = true;
    }

    /// <summary>
    /// Stores a message with the change. Past <see cref="Journey.MaxMessages"/> nothing more is stored: history says so,
    /// and the journey itself goes on (no amount of input may wedge it).
    /// </summary>
    private void Queue(Journey journey, OutboxMessage message)
    {
        if (journey.HasMessage(message.Purpose))
        {
            // A purpose is a message's identity: the same one twice would be refused by storage and wedge the journey.
            return;
        }

        // Alerts about clocks are exempt: at most three per clock (warning, breach, escalation) and two channels, so they
        // cannot grow without bound, and a long journey must never lose its breach alerts to the cap.
        var clockAlert = message.Kind == MessageKind.StaffAlert && (message.Purpose.StartsWith("warn-", StringComparison.Ordinal)
            || message.Purpose.StartsWith("breach-", StringComparison.Ordinal) || message.Purpose.StartsWith("escalate-", StringComparison.Ordinal));
        if (!clockAlert && journey.MessageLog.Count + journey.Pending.Outbox.Count >= Journey.MaxMessages)
        {
            Record(journey, "MessageNotSent", now, JsonSerializer.SerializeToElement(new { purpose = message.Purpose, reason = "message limit reached" }), "system");
            return;
        }

        journey.Pending.Outbox.Add(message);
    }

    private void Queue(Journey journey, IEnumerable<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            Queue(journey, message);
        }
    }

    /// <summary>
    /// Hands the journey to an owner (a council, or a hub's triage team) and tells that team. Clocks already running
    /// keep running (the enquiry clock runs from receipt, not from routing); clocks started from now on use the
    /// new owner's current policy.
    /// </summary>
    public void RouteTo(Journey journey, string owner, string policyVersion, BuddyPairing? buddy, RouteReason reason)
    {
        var from = journey.Routings == 0 ? null : journey.LocalAuthority;
        journey.LocalAuthority = owner;
        journey.PolicyVersion = policyVersion;
        journey.Buddy = buddy;
        journey.AllocatedTo = null; // the new owner's team allocates it
        journey.Routings++;
        journey.Pending.StateChanged = true;
        Record(journey, "Routed", now, JsonSerializer.SerializeToElement(new { from, to = owner, reason = reason.Wire(), buddy = buddy?.Id }));
        var respondBy = journey.Deadlines.TryGetValue(ClockName.EnquiryResponse, out var clock) ? LocalTime(clock.DueAt) : "not set";
        Queue(journey, composer.ToTeam(journey, $"routed-{journey.Routings}", "staff-enquiry-routed", now, journeyLink, toManager: false,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["reason"] = reason.Wire(), ["respondBy"] = respondBy }));
        if (from is not null)
        {
            // Handed on (from triage, or between councils): the applicant is told who now has their enquiry, and their number.
            SendToApplicant(journey, $"routed-{journey.Routings}-applicant", "enquiry-routed");
        }
    }

    /// <summary>
    /// Messages the dispatcher gave up on since the journey was last written: their rows say <c>Failed</c> while the
    /// state row, as read, still lists them open. This commit stops listing them (<see cref="JourneyStore.CommitAsync"/>
    /// keeps only undelivered ones), so it is the one that carries their consequences, once: a commit that loses its race
    /// carries nothing, and its re-run reads the winner's list.
    /// </summary>
    public void GivenUp(Journey journey)
    {
        var open = journey.OpenMessages.ToHashSet(StringComparer.Ordinal);
        foreach (var message in journey.Messages.Where(m => m.Status == DeliveryStatus.Failed && open.Contains(m.Purpose)).ToList())
        {
            DeliveryFailed(journey, message, message.LastError ?? "given up");
        }
    }

    /// <summary>
    /// A message was given up on (refused for good, or every attempt failed) or reported undelivered. A text is sent
    /// again by email where the applicant consented to email; the team is told, unless the failed message was itself
    /// a staff alert (telling them the same way would fail the same way: that is for the service's own alerts).
    /// </summary>
    public void DeliveryFailed(Journey journey, OutboxMessage message, string reason)
    {
        Record(journey, "MessageFailed", now, JsonSerializer.SerializeToElement(new { purpose = message.Purpose, channel = message.Channel, template = message.Template, reason }), "system");
        if (message.Kind != MessageKind.Applicant)
        {
            return;
        }

        var fallback = "";
        if (message.Channel == MessageChannel.Sms)
        {
            var values = message.Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            var email = composer.ToApplicant(journey, $"{message.Purpose}-email", message.Template, now, policy.Calendar, values, onlyChannel: MessageChannel.Email);
            if (email is not null && !journey.HasMessage(email.Purpose))
            {
                Queue(journey, email);
                fallback = "It has been sent by email instead.";
            }
            else
            {
                fallback = "There is no consented email address: please contact the applicant another way.";
            }
        }
        else
        {
            fallback = "Please contact the applicant another way.";
        }

        // Told once per failed message: a second failure report finds its purpose stored, and Queue keeps the first.
        Queue(journey, composer.ToTeam(journey, $"failed-{message.Purpose}", "staff-delivery-failed", now, journeyLink, toManager: false,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["template"] = message.Template,
                ["channel"] = message.Channel == MessageChannel.Sms ? "text" : message.Channel.Wire(),
                ["reason"] = reason,
                ["fallback"] = fallback,
            }));
    }

    /// <summary>
    /// The applicant's contact details or consent were corrected: each message to them not yet handed to a provider is set
    /// aside and sent again under the corrected details (the channel chosen afresh), or not at all where no consented
    /// channel remains. Nothing goes to an old address or on a channel whose consent was withdrawn.
    /// </summary>
    public void Readdress(Journey journey)
    {
        foreach (var message in journey.Messages.Where(m => m.Kind == MessageKind.Applicant && m.Status == DeliveryStatus.Pending).ToList())
        {
            var superseded = message with { Status = DeliveryStatus.Failed, LastError = "superseded: the applicant's details were corrected before it was sent" };
            journey.Messages[journey.Messages.IndexOf(message)] = superseded;
            journey.Pending.MessageUpdates.Add(superseded);
            var values = message.Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            SendToApplicant(journey, $"{message.Purpose}-c{journey.HistoryCount}", message.Template, values);
        }
    }

    /// <summary>A provider's delivery receipt: recorded on the message and in history; a failed one is handled as <see cref="DeliveryFailed"/>.</summary>
    public void DeliveryReceipt(Journey journey, string purpose, bool delivered, string status, DateTimeOffset at)
    {
        var message = journey.Messages.SingleOrDefault(m => m.Purpose == purpose);
        if (message is null || message.Status is DeliveryStatus.Delivered or DeliveryStatus.Failed)
        {
            return; // unknown, or a receipt sent twice
        }

        var updated = message with { Status = delivered ? DeliveryStatus.Delivered : DeliveryStatus.Failed, DeliveredAt = delivered ? at : null, LastError = delivered ? null : status };
        journey.Messages[journey.Messages.IndexOf(message)] = updated;
        journey.Pending.MessageUpdates.Add(updated);
        if (delivered)
        {
            Record(journey, "MessageDelivered", at, JsonSerializer.SerializeToElement(new { purpose, channel = message.Channel }), "system");
        }
        else
        {
            DeliveryFailed(journey, message, $"not delivered ({status})");
        }
    }

    public string LocalTime(DateTimeOffset instant) => MessageComposer.FormatLocal(instant, policy.Calendar.Week.Zone);

    /// <summary>
    /// Moves every clock and nudge to where <see cref="Now"/> says it should be. Idempotent: a second tick at the
    /// same instant changes nothing, which is what makes a redelivered timer harmless.
    /// </summary>
    public void Tick(Journey journey)
    {
        if (journey.Status != JourneyStatus.Active)
        {
            return;
        }

        foreach (var deadline in journey.Deadlines.Values.Where(d => d.IsOpen).OrderBy(d => d.DueAt))
        {
            if (deadline.State == DeadlineState.Pending && now >= deadline.WarnAt && now < deadline.DueAt)
            {
                deadline.State = DeadlineState.Warned;
                deadline.WarnedAt = now;
                Alert(journey, deadline, ClockAlert.Warning);
            }

            if (deadline.State is DeadlineState.Pending or DeadlineState.Warned && now >= deadline.DueAt)
            {
                deadline.State = DeadlineState.Breached;
                deadline.BreachedAt = deadline.DueAt;
                Alert(journey, deadline, ClockAlert.Breached);
            }

            if (deadline.State == DeadlineState.Breached && deadline.EscalatedAt is null && now >= deadline.EscalateAt)
            {
                deadline.EscalatedAt = now;
                Alert(journey, deadline, ClockAlert.Escalated);
            }
        }

        foreach (var nudge in journey.Nudges.Values.Where(n => n.NextAt <= now).ToList())
        {
            switch (nudge.Name)
            {
                case NudgeName.KeepInTouch:
                    SendToApplicant(journey, $"keep-in-touch-{nudge.Count}", "keep-in-touch", new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["stageWords"] = journey.Stage == Stage.Assessment ? "its assessment (Stage 2)" : "its Stage 1 checks and references",
                    });
                    ArmNudge(journey, nudge.Name, NextKeepInTouch(nudge.NextAt!.Value));
                    break;
                case NudgeName.VisitReminder:
                    SendToApplicant(journey, $"visit-reminder-{nudge.Count}", "initial-visit-reminder", MomentValues(journey, "visitAt", "InitialVisitBooked"));
                    StopNudge(journey, nudge.Name);
                    break;
                case NudgeName.PanelReminder:
                    SendToApplicant(journey, $"panel-reminder-{nudge.Count}", "panel-reminder", MomentValues(journey, "panelDate", "PanelDateSet"));
                    StopNudge(journey, nudge.Name);
                    break;
                case NudgeName.ChecksDue:
                    ChecksOverdue(journey);
                    break;
                case NudgeName.RepresentationsWindow:
                    // The applicant's 28 days are over: the agency may now make its final decision.
                    Record(journey, "RepresentationsWindowClosed", nudge.NextAt!.Value, null, "system");
                    TellTeam(journey, "representations-closed", "staff-representations-closed",
                        new Dictionary<string, string>(StringComparer.Ordinal) { ["closedAt"] = LocalTime(nudge.NextAt!.Value) });
                    StopNudge(journey, nudge.Name);
                    break;
            }
        }
    }

    /// <summary>The next keep-in-touch after <paramref name="due"/> that is not already past (a jump of weeks sends one, not many).</summary>
    private DateTimeOffset NextKeepInTouch(DateTimeOffset due)
    {
        var next = due;
        while (next <= now)
        {
            next = policy.Policy.KeepInTouchEvery.From(next, policy.Calendar);
        }

        return next;
    }

    /// <summary>The latest booked moment of a kind (visit, panel), in the council's words, for a message's field.</summary>
    internal Dictionary<string, string> MomentValues(Journey journey, string field, string milestone)
    {
        var booked = journey.Milestones.LastOrDefault(m => m.Type == milestone)?.Detail;
        var at = booked is null ? "" : LocalTime(DateTimeOffset.Parse(booked, System.Globalization.CultureInfo.InvariantCulture));
        return new(StringComparer.Ordinal) { [field] = at };
    }

    private void Alert(Journey journey, Deadline deadline, ClockAlert alert)
    {
        journey.Pending.Deadlines.Add(deadline.Clock);
        journey.Pending.ClockAlerts.Add((deadline.Clock, alert));
        Record(journey, alert.HistoryType(), now, JsonSerializer.SerializeToElement(new { clock = deadline.Clock.ToString(), dueAt = deadline.DueAt }), "system");
        Queue(journey, composer.StaffAlert(journey, deadline, alert, now, journeyLink, policy));
    }
}
