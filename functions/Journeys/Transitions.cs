using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Notifications;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// The journey's one transition table. Each row names the stages an event may arrive in, its data field, and
/// what it does; below it, the steps that may come at any stage (withdraw, route, approval ended, correct the applicant),
/// guarded the same way. Nothing else changes a journey's stage, status or owner: the API and the pages call these.
/// </summary>
public static class Transitions
{
    /// <summary>
    /// One row. <see cref="Once"/>, where set, records the step itself (the Stage 1 records: one per person and check) and
    /// says whether anything changed, so that a step told twice changes nothing.
    /// </summary>
    private sealed record Row(
        JourneyEventType Type, Stage[] From, EventField? Field, Action<Journey, JourneyEvent, WorkflowContext>? Apply,
        Func<Journey, JourneyEvent, WorkflowContext, bool>? Once = null);

    /// <summary>A row that records its step itself and says whether it changed anything (a step told twice changes nothing).</summary>
    private static Row Recorded(JourneyEventType type, Stage[] from, EventField? field, Func<Journey, JourneyEvent, WorkflowContext, bool> once) =>
        new(type, from, field, null, once);

    private static readonly Stage[] Stage1Records = [Stage.Stage1, Stage.Assessment, Stage.Panel];

    private static readonly Stage[] AnyStage = Enum.GetValues<Stage>();

    public static readonly IReadOnlyList<string> Checks = Stage1Checks.All;

    private static readonly FrozenDictionary<JourneyEventType, Row> Table = new Row[]
    {
        new(JourneyEventType.ContactMade, [Stage.Enquiry], null, (j, e, c) =>
        {
            c.StopClock(j, ClockName.EnquiryResponse, e.OccurredAt);
            c.MoveTo(j, Stage.Screening);
        }),
        new(JourneyEventType.ScreeningCompleted, [Stage.Screening, Stage.InformationEvent], Choice<ScreeningNextStep>("nextStep"), (j, e, c) =>
        {
            switch (e.ChoiceOf<ScreeningNextStep>())
            {
                case ScreeningNextStep.InitialVisit:
                    c.StartClock(j, ClockName.InitialVisit, e.OccurredAt);
                    c.MoveTo(j, Stage.InitialVisit);
                    break;
                case ScreeningNextStep.InformationEvent:
                    c.MoveTo(j, Stage.InformationEvent);
                    c.SendToApplicant(j, "information-event", "information-event-invitation");
                    break;
                default:
                    c.Finish(j, JourneyStatus.Closed, e.OccurredAt);
                    c.SendToApplicant(j, "screening-closed", "screening-closed");
                    break;
            }
        }),
        // A call that did not reach the applicant: recorded (and counted on the worklist); the enquiry clock runs on.
        new(JourneyEventType.ContactAttempted, [Stage.Enquiry, Stage.Screening], Choice<ContactOutcome>("outcome"), (j, e, c) => { }),
        Recorded(JourneyEventType.InitialVisitBooked, [Stage.InitialVisit], Time("visitAt"), (j, e, c) =>
        {
            var visitAt = e.When!.Value;
            if (BookedFor(j, JourneyEventType.InitialVisitBooked) == visitAt)
            {
                return false; // the same visit again: nothing changes, and the applicant is not told twice
            }

            c.Milestone(j, nameof(JourneyEventType.InitialVisitBooked), e.OccurredAt, visitAt.ToString("O", CultureInfo.InvariantCulture));
            // The reminder goes at the start of the working day before the visit; a visit booked for tomorrow needs none.
            var calendar = c.Policy.Calendar;
            var remindAt = calendar.AtLocal(calendar.LocalDate(visitAt).AddDays(-1), calendar.Week.DayStart);
            c.ArmNudge(j, NudgeName.VisitReminder, remindAt > c.Now ? remindAt : null);
            c.SendToApplicant(j, $"visit-booked-{j.Nudges[NudgeName.VisitReminder].Count}", "initial-visit-booked", c.MomentValues(j, "visitAt", "InitialVisitBooked"));
            return true;
        }),
        new(JourneyEventType.InitialVisitCompleted, [Stage.InitialVisit], null, (j, e, c) =>
        {
            c.StopClock(j, ClockName.InitialVisit, e.OccurredAt);
            c.StopNudge(j, NudgeName.VisitReminder);
            c.StartClock(j, ClockName.ProgressDecision, e.OccurredAt);
            c.MoveTo(j, Stage.ProgressDecision);
        }),
        new(JourneyEventType.ProgressDecided, [Stage.ProgressDecision], Choice<ProgressChoice>("decision"), (j, e, c) =>
        {
            c.StopClock(j, ClockName.ProgressDecision, e.OccurredAt);
            if (e.Is(ProgressChoice.Progress))
            {
                c.MoveTo(j, Stage.Application);
                c.SendToApplicant(j, "progress-decision", "progress-decision-progress");
            }
            else
            {
                c.Finish(j, JourneyStatus.Closed, e.OccurredAt);
                c.SendToApplicant(j, "progress-decision", "progress-decision-closed");
            }
        }),
        new(JourneyEventType.ApplicationReceived, [Stage.Application], null, (j, e, c) =>
        {
            c.StartClock(j, ClockName.Stage1, e.OccurredAt);
            c.StartClock(j, ClockName.Panel, e.OccurredAt);
            if (c.Policy.Policy.ConcurrentStages)
            {
                c.StartClock(j, ClockName.FormF, e.OccurredAt);
            }

            c.ArmNudge(j, NudgeName.KeepInTouch, c.Policy.Policy.KeepInTouchEvery.From(e.OccurredAt, c.Policy.Calendar));
            c.MoveTo(j, Stage.Stage1);
            c.ArmChecksDue(j, Household.Missing(j, c.Policy));
        }),
        Recorded(JourneyEventType.HouseholdMemberAdded, Stage1Records, Choice("relationship", [.. Household.Relationships]), (j, e, c) =>
        {
            if (j.Household.Any(m => string.Equals(m.FirstName, e.FirstName, StringComparison.OrdinalIgnoreCase) && m.DateOfBirth == e.DateOfBirth && m.Relationship == e.Choice))
            {
                return false; // the same person told twice
            }

            if (e.DateOfBirth > c.Policy.Calendar.LocalDate(e.OccurredAt))
            {
                throw new FieldException("data.dateOfBirth", "Must not be after the day the event occurred.");
            }

            if (j.Household.Count >= Household.MaxMembers)
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.HouseholdMemberAdded),
                    $"a household is recorded with at most {Household.MaxMembers} members besides the applicant");
            }

            j.Household.Add(new HouseholdMember($"m{j.Household.Count + 1}", e.FirstName!, e.Choice!, e.DateOfBirth!.Value, e.OccurredAt));
            j.Pending.StateChanged = true;
            ChecksChanged(j, e.OccurredAt, c);
            return true;
        }),
        Recorded(JourneyEventType.CheckCompleted, Stage1Records, Choice("check", [.. Checks]), (j, e, c) =>
        {
            var person = PersonOf(j, e);
            if (Household.Recorded(j, person, e.Choice!) is { } recorded)
            {
                if (recorded.Type == nameof(JourneyEventType.CheckCompleted))
                {
                    return false; // each check is recorded once; telling the journey again changes nothing
                }

                j.Milestones.Remove(recorded); // marked not applicable, and done after all
            }

            c.CheckMilestone(j, new Milestone(nameof(JourneyEventType.CheckCompleted), e.OccurredAt, e.Choice, StoredPerson(person)));
            ChecksChanged(j, e.OccurredAt, c);
            return true;
        }),
        Recorded(JourneyEventType.CheckNotApplicable, Stage1Records, Choice("check", [.. Checks]), (j, e, c) =>
        {
            var person = PersonOf(j, e);
            if (Household.Recorded(j, person, e.Choice!) is { } recorded)
            {
                return recorded.Type == nameof(JourneyEventType.CheckNotApplicable) ? false
                    : throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.CheckNotApplicable),
                        $"{e.Choice} for {person} is already recorded as completed");
            }

            c.CheckMilestone(j, new Milestone(nameof(JourneyEventType.CheckNotApplicable), e.OccurredAt, e.Choice, StoredPerson(person), e.Reason));
            ChecksChanged(j, e.OccurredAt, c);
            return true;
        }),
        Recorded(JourneyEventType.Stage1InformationComplete, [Stage.Stage1], null, (j, e, c) =>
        {
            if (Recorded(j, JourneyEventType.Stage1InformationComplete))
            {
                return false; // told once; the notice clock runs from the first
            }

            c.Milestone(j, nameof(JourneyEventType.Stage1InformationComplete), e.OccurredAt);
            InformationComplete(j, e.OccurredAt, c);
            return true;
        }),
        new(JourneyEventType.Stage1Completed, [Stage.Stage1], Choice<Stage1Outcome>("outcome"), (j, e, c) =>
        {
            if (e.Is(Stage1Outcome.Proceed))
            {
                RequireEveryCheck(j, e, c);
            }

            c.StopNudge(j, NudgeName.ChecksDue);
            c.StopClock(j, ClockName.Stage1, e.OccurredAt);
            c.StopClock(j, ClockName.Stage1Notice, e.OccurredAt);
            if (e.Is(Stage1Outcome.Proceed))
            {
                // Keep-in-touch goes on through the assessment (it stops when the assessment is complete).
                c.MoveTo(j, Stage.Assessment);
                c.SendToApplicant(j, AssessmentStartedPurpose, "assessment-started");
            }
            else
            {
                c.Finish(j, JourneyStatus.NotApproved, e.OccurredAt);
                c.SendToApplicant(j, "stage1-closed", "stage1-closed");
            }
        }),
        new(JourneyEventType.AssessmentStarted, [Stage.Assessment], null, (j, e, c) =>
        {
            if (j.Deadlines.ContainsKey(ClockName.FormF))
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.AssessmentStarted),
                    "the Form F assessment is already running (this council runs Stage 1 and Form F concurrently, or it was started before)");
            }

            c.StartClock(j, ClockName.FormF, e.OccurredAt);
            c.SendToApplicant(j, AssessmentStartedPurpose, "assessment-started"); // once: told at Stage 1's end already, it is not sent again
        }),
        Recorded(JourneyEventType.PanelDateSet, [Stage.Stage1, Stage.Assessment, Stage.Panel], Time("panelDate"), (j, e, c) =>
        {
            var date = e.When!.Value.ToString("O", CultureInfo.InvariantCulture);
            if (j.Milestones.Any(m => m.Type == nameof(JourneyEventType.PanelDateSet) && m.Detail is { } set
                && DateTimeOffset.Parse(set, CultureInfo.InvariantCulture) == e.When))
            {
                return false; // the same date again: nothing changes, and the applicant is not told twice
            }

            c.Milestone(j, nameof(JourneyEventType.PanelDateSet), e.OccurredAt, date);
            var calendar = c.Policy.Calendar;
            var remindAt = calendar.AtLocal(calendar.LocalDate(e.When!.Value).AddDays(-1), calendar.Week.DayStart);
            c.ArmNudge(j, NudgeName.PanelReminder, remindAt > c.Now ? remindAt : null);
            c.SendToApplicant(j, $"panel-date-{j.Nudges[NudgeName.PanelReminder].Count}", "panel-date-confirmed", c.MomentValues(j, "panelDate", "PanelDateSet"));

            // The papers' clock follows the panel date; papers already sent stay sent, and a breach already recorded stays.
            if (!j.Deadlines.TryGetValue(ClockName.PanelPapers, out var papers) || papers is { IsOpen: true, State: not DeadlineState.Breached })
            {
                c.StartClockBefore(j, ClockName.PanelPapers, e.OccurredAt, e.When!.Value);
            }

            return true;
        }),
        Recorded(JourneyEventType.PanelPapersSent, [Stage.Stage1, Stage.Assessment, Stage.Panel], null, (j, e, c) =>
        {
            if (!j.Deadlines.TryGetValue(ClockName.PanelPapers, out var papers))
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.PanelPapersSent),
                    "no panel date is set (record PanelDateSet first)");
            }

            if (papers.MetAt is not null)
            {
                return false; // sent before: telling the journey again changes nothing
            }

            c.Milestone(j, nameof(JourneyEventType.PanelPapersSent), e.OccurredAt);
            c.StopClock(j, ClockName.PanelPapers, e.OccurredAt);
            return true;
        }),
        Recorded(JourneyEventType.SkillsToFosterInvited, [Stage.ProgressDecision, Stage.Application, Stage.Stage1, Stage.Assessment], null, (j, e, c) =>
        {
            if (Recorded(j, JourneyEventType.SkillsToFosterInvited))
            {
                return false; // invited before: the monthly figure counts each applicant once
            }

            c.Milestone(j, nameof(JourneyEventType.SkillsToFosterInvited), e.OccurredAt);
            return true;
        }),
        new(JourneyEventType.AssessmentCompleted, [Stage.Assessment], null, (j, e, c) =>
        {
            if (!j.Deadlines.ContainsKey(ClockName.FormF))
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.AssessmentCompleted),
                    "the Form F assessment has not started (record AssessmentStarted first)");
            }

            // Nobody goes to panel with a check outstanding: a member who joined or came of age since Stage 1 included.
            RequireEveryCheck(j, e, c);
            c.StopNudge(j, NudgeName.ChecksDue);
            c.StopNudge(j, NudgeName.KeepInTouch);
            c.StopClock(j, ClockName.FormF, e.OccurredAt);
            c.MoveTo(j, Stage.Panel);
        }),
        new(JourneyEventType.PanelRecommendationMade, [Stage.Panel], Choice<Recommendation>("recommendation"), (j, e, c) =>
        {
            // A recommendation is made at the panel: not on a day before the date the panel is set for (a false papers breach
            // would follow). A panel that sat on another day is recorded with PanelDateSet first.
            if (BookedFor(j, JourneyEventType.PanelDateSet) is { } panelAt
                && c.Policy.Calendar.LocalDate(e.OccurredAt) < c.Policy.Calendar.LocalDate(panelAt))
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.PanelRecommendationMade),
                    $"the panel is set for {c.Policy.Calendar.LocalDate(panelAt):yyyy-MM-dd} and the recommendation is dated {c.Policy.Calendar.LocalDate(e.OccurredAt):yyyy-MM-dd}, before it sat (if the panel sat on another day, record PanelDateSet with that date first)");
            }

            c.StopClock(j, ClockName.Panel, e.OccurredAt);
            c.StartClock(j, ClockName.AgencyDecision, e.OccurredAt);
            c.MoveTo(j, Stage.AgencyDecision);
        }),
        Recorded(JourneyEventType.PanelMinutesReceived, [Stage.AgencyDecision], null, (j, e, c) =>
        {
            if (Recorded(j, JourneyEventType.PanelMinutesReceived))
            {
                return false; // the minutes arrive once; the statutory clock runs from the first
            }

            c.Milestone(j, nameof(JourneyEventType.PanelMinutesReceived), e.OccurredAt);
            // The statutory form runs beside the council's own 7 days from panel, for councils that choose it; not while a
            // qualifying determination stands (the decision then waits for the applicant's 28 days).
            if (c.Policy.Policy.AgencyDecisionFromMinutes && !j.Deadlines.ContainsKey(ClockName.AgencyDecisionFromMinutes)
                && !Recorded(j, JourneyEventType.QualifyingDetermination))
            {
                c.StartClock(j, ClockName.AgencyDecisionFromMinutes, e.OccurredAt);
            }

            return true;
        }),
        new(JourneyEventType.QualifyingDetermination, [Stage.AgencyDecision], null, (j, e, c) =>
        {
            if (j.Nudges.ContainsKey(NudgeName.RepresentationsWindow))
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.QualifyingDetermination), "a qualifying determination is already recorded");
            }

            // A proposal not to approve: the final decision waits for the applicant's 28 calendar days.
            var closes = c.Policy.Calendar.AddCalendarDays(e.OccurredAt, RepresentationsDays);
            c.CancelClock(j, ClockName.AgencyDecision);
            c.CancelClock(j, ClockName.AgencyDecisionFromMinutes);
            c.ArmNudge(j, NudgeName.RepresentationsWindow, closes);
            c.SendToApplicant(j, "qualifying-determination", "qualifying-determination",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["closesOn"] = c.LocalTime(closes) });
        }),
        Recorded(JourneyEventType.RepresentationsReceived, [Stage.AgencyDecision], null, (j, e, c) =>
        {
            RequireDetermination(j, e);
            if (Recorded(j, JourneyEventType.RepresentationsReceived))
            {
                return false; // received once; telling the journey again changes nothing
            }

            c.Milestone(j, nameof(JourneyEventType.RepresentationsReceived), e.OccurredAt);
            return true;
        }),
        Recorded(JourneyEventType.IrmRequested, [Stage.AgencyDecision], null, (j, e, c) =>
        {
            RequireDetermination(j, e);
            if (Recorded(j, JourneyEventType.IrmRequested))
            {
                return false; // asked for once; telling the journey again changes nothing
            }

            if (!j.Nudges.TryGetValue(NudgeName.RepresentationsWindow, out var window) || window.NextAt is null || e.OccurredAt > window.NextAt)
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.IrmRequested),
                    "the applicant's 28 days for applying to the Independent Review Mechanism are over");
            }

            c.Milestone(j, nameof(JourneyEventType.IrmRequested), e.OccurredAt);
            return true;
        }),
        Recorded(JourneyEventType.IrmRecommendationMade, [Stage.AgencyDecision], Choice<Recommendation>("recommendation"), (j, e, c) =>
        {
            if (!Recorded(j, JourneyEventType.IrmRequested))
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.IrmRecommendationMade), "no review was requested (record IrmRequested first)");
            }

            if (Recorded(j, JourneyEventType.IrmRecommendationMade))
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.IrmRecommendationMade), "the review's recommendation is already recorded");
            }

            c.Milestone(j, nameof(JourneyEventType.IrmRecommendationMade), e.OccurredAt, e.Choice);
            return true;
        }),
        new(JourneyEventType.AgencyDecisionMade, [Stage.AgencyDecision], Choice<Recommendation>("decision"), (j, e, c) =>
        {
            AwaitRepresentations(j, e);
            c.StopClock(j, ClockName.AgencyDecision, e.OccurredAt);
            c.StopClock(j, ClockName.AgencyDecisionFromMinutes, e.OccurredAt);
            c.Finish(j, e.Is(Recommendation.Approve) ? JourneyStatus.Approved : JourneyStatus.NotApproved, e.OccurredAt);
            c.SendToApplicant(j, "agency-decision", e.Is(Recommendation.Approve) ? "agency-decision-approved" : "agency-decision-not-approved");
        }),
        // A note is history only: personal data, in the subject access export and erased with the journey.
        Recorded(JourneyEventType.NoteAdded, AnyStage, Words("text"), (j, e, c) => true),
        Recorded(JourneyEventType.Allocated, AnyStage, Staff("to"), (j, e, c) =>
        {
            if (string.Equals(j.AllocatedTo, e.StaffMember, StringComparison.OrdinalIgnoreCase))
            {
                return false; // allocated to them already: nothing changes
            }

            j.AllocatedTo = e.StaffMember;
            j.Pending.StateChanged = true;
            return true;
        }),
    }.ToFrozenDictionary(r => r.Type);

    public static EventField? FieldOf(JourneyEventType type) => Table[type].Field;

    /// <summary>The events a journey at this stage may take, for error messages and the API page.</summary>
    public static IEnumerable<JourneyEventType> AllowedAt(Stage stage) =>
        Table.Values.Where(r => r.From.Contains(stage)).Select(r => r.Type).Order();

    /// <summary>
    /// Applies an event, or throws <see cref="TransitionRefusedException"/> naming the stage and the event. False when
    /// the event was already recorded and changes nothing (a check told twice).
    /// </summary>
    public static bool Apply(Journey journey, JourneyEvent e, WorkflowContext context)
    {
        var row = Table[e.Type];
        if (journey.Status != JourneyStatus.Active)
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, e.Type.ToString(), $"the journey is {journey.Status}");
        }

        if (!row.From.Contains(journey.Stage))
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, e.Type.ToString(),
                $"at {journey.Stage} the journey takes {string.Join(", ", AllowedAt(journey.Stage))}");
        }

        if (row.Once is { } once)
        {
            return once(journey, e, context);
        }

        // The milestone goes first: a transition may read it (the visit reminder reads the booked time).
        context.Milestone(journey, e.Type.ToString(), e.OccurredAt, e.Choice ?? e.When?.ToString("O", CultureInfo.InvariantCulture));
        row.Apply!(journey, e, context);
        return true;
    }

    /// <summary>
    /// Records a staff event as the API and the pages take it: dated now unless the caller dated it (never before a step already
    /// recorded), not after now nor before the last step, any booked time in range; then the table row applies and history
    /// records it. A step told twice (a check, a panel date) changes nothing and records nothing.
    /// </summary>
    public static void Record(Journey journey, JourneyEvent e, bool datedByCaller, WorkflowContext context)
    {
        if (!datedByCaller && e.OccurredAt < journey.LastEventAt)
        {
            // Not dated by the caller: "now", but never before a step already recorded (one dated a minute ahead).
            e = e with { OccurredAt = journey.LastEventAt };
        }

        if (Instants.CheckOccurredAt(e.OccurredAt, journey.LastEventAt, context.Now) is { } late)
        {
            throw new FieldException("occurredAt", late);
        }

        if (e.When is { } when && Instants.CheckBooking(when, journey.ReceivedAt, context.Now) is { } outOfRange)
        {
            throw new FieldException($"data.{FieldOf(e.Type)!.Name}", outOfRange);
        }

        if (Apply(journey, e, context))
        {
            context.Attended(journey); // a step by staff deals with a call asked for or a reply
            context.Record(journey, e.Type.ToString(), e.OccurredAt, e.Data(journey));
            journey.LastEventAt = e.OccurredAt > journey.LastEventAt ? e.OccurredAt : journey.LastEventAt;
        }
    }

    // The steps below are not events of one stage: they come at any stage, and are guarded here as the rows are.

    /// <summary>The applicant withdraws (an Ofsted AW code): the journey ends, its clocks stop, the applicant is told.</summary>
    public static void Withdraw(Journey journey, string reasonCode, string? note, WorkflowContext context)
    {
        if (journey.Status != JourneyStatus.Active)
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, Withdrawn, $"the journey is already {journey.Status}");
        }

        journey.WithdrawalReason = reasonCode;
        context.Finish(journey, JourneyStatus.Withdrawn);
        context.Record(journey, Withdrawn, context.Now, JsonSerializer.SerializeToElement(new { reasonCode, note }));
        context.SendToApplicant(journey, "withdrawal-closing", "withdrawal-closing");
    }

    /// <summary>An active journey moves to another owner (a council, from a triage team or another council), its team told.</summary>
    public static void Route(Journey journey, string target, string policyVersion, BuddyPairing? buddy, RouteReason reason, WorkflowContext context)
    {
        if (journey.Status != JourneyStatus.Active)
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, RouteStep, $"the journey is {journey.Status}");
        }

        if (journey.LocalAuthority == target)
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, RouteStep, $"the journey is already with {target}");
        }

        context.RouteTo(journey, target, policyVersion, buddy, reason);
    }

    /// <summary>An approved carer's approval has ended (once): the records' retention runs from then.</summary>
    public static void EndApproval(Journey journey, DateTimeOffset? endedAt, WorkflowContext context)
    {
        if (journey.Status != JourneyStatus.Approved || journey.ApprovalEndedAt is not null)
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, ApprovalEnded,
                journey.ApprovalEndedAt is { } ended ? $"the approval's end is already recorded ({ended:O})" : "only an approved carer's approval can end");
        }

        var at = endedAt ?? context.Now;
        if (Instants.CheckOccurredAt(at, journey.EndedAt ?? journey.LastEventAt, context.Now) is { } wrong)
        {
            throw new FieldException("endedAt", wrong);
        }

        context.ApprovalEnded(journey, at);
    }

    /// <summary>
    /// The applicant's details or consent are corrected (at any stage or status: the right to rectification). History names the
    /// fields, never their values; messages not yet sent go to the corrected address. Nothing changed, nothing recorded.
    /// </summary>
    public static void CorrectApplicant(Journey journey, Applicant corrected, Consent consent, WorkflowContext context)
    {
        var fields = Applicant.ChangedFields(journey.Applicant, corrected).ToList();
        if (journey.Consent != consent)
        {
            fields.Add("consent");
        }

        if (fields.Count == 0)
        {
            return;
        }

        context.Correct(journey, corrected, consent);
        context.Record(journey, ApplicantCorrected, context.Now, JsonSerializer.SerializeToElement(new { fields }));
        if (fields.Contains("email") || fields.Contains("phone"))
        {
            // A link sent to the old address must not open the page any more: a new one goes to the new address.
            NewLink(journey, context);
        }

        if (fields.Intersect(Applicant.ContactFields, StringComparer.Ordinal).Any())
        {
            context.Readdress(journey);
            context.RecheckReach(journey);
        }
    }

    /// <summary>
    /// The applicant asks for a new link: refused when no consented channel could take it to them (their old link would
    /// end and they would have none).
    /// </summary>
    public static void RequestNewLink(Journey journey, WorkflowContext context)
    {
        if (!MessageComposer.CanReach(journey))
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, StatusLinkReissued, "no consented channel could take a new link to the applicant");
        }

        NewLink(journey, context);
    }

    /// <summary>The applicant's status link is made anew (every earlier one stops working) and sent to them.</summary>
    public static void NewLink(Journey journey, WorkflowContext context)
    {
        journey.LinkGeneration++;
        journey.Pending.StateChanged = true;
        context.Record(journey, StatusLinkReissued, context.Now, JsonSerializer.SerializeToElement(new { generation = journey.LinkGeneration }));
        context.Readdress(journey); // messages not yet sent go with the new link, not the ended one
        context.SendToApplicant(journey, $"status-link-{journey.LinkGeneration}", "status-link");
    }

    // The applicant's own steps, from their status page or a text they sent: history names the actor "applicant".

    /// <summary>The applicant chose how and from when they would like to be contacted. False when nothing changed.</summary>
    public static bool ChooseContact(Journey journey, string? preferredChannel, string? contactFrom, WorkflowContext context)
    {
        RequireActive(journey, ContactPreferencesChanged);
        var chosen = journey.Applicant with { PreferredChannel = preferredChannel, PreferredContactFrom = contactFrom };
        var fields = Applicant.ChangedFields(journey.Applicant, chosen).ToList();
        if (fields.Count == 0)
        {
            return false;
        }

        context.Correct(journey, chosen, journey.Consent);
        context.Record(journey, ContactPreferencesChanged, context.Now, JsonSerializer.SerializeToElement(new { fields }));
        context.Readdress(journey);
        context.RecheckReach(journey);
        return true;
    }

    /// <summary>
    /// The applicant stopped a channel (their page, or STOP by text): consent for it is withdrawn at once, messages not yet
    /// sent go the other way where they consented to it, and stopping texts is confirmed by email where it can be. With no
    /// channel left the team is told. False when the channel was already stopped. At any status: consent is theirs to withdraw.
    /// </summary>
    public static bool StopChannel(Journey journey, MessageChannel channel, string via, WorkflowContext context)
    {
        var consent = channel == MessageChannel.Sms ? journey.Consent with { Sms = false } : journey.Consent with { Email = false };
        if (consent == journey.Consent)
        {
            return false;
        }

        context.Correct(journey, journey.Applicant, consent);
        context.Record(journey, ConsentWithdrawn, context.Now, JsonSerializer.SerializeToElement(new { channel = channel.Wire(), via }));
        context.Readdress(journey);
        if (!MessageComposer.CanReach(journey))
        {
            context.Unreachable(journey);
        }
        else if (channel == MessageChannel.Sms && journey.Consent.Email)
        {
            context.SendToApplicant(journey, $"texts-stopped-{journey.HistoryCount}", "consent-stopped");
        }

        return true;
    }

    /// <summary>The applicant asked to be called (from a time they gave, or any time): the team is told and the worklist shows it. Once until staff act.</summary>
    public static bool RequestCall(Journey journey, string? from, WorkflowContext context)
    {
        RequireActive(journey, CallRequested);
        if (journey.Flags.Contains(WorkflowContext.CallRequestedFlag))
        {
            return false; // asked already, and no one has recorded a step since
        }

        context.Attention(journey, WorkflowContext.CallRequestedFlag);
        context.Record(journey, CallRequested, context.Now, JsonSerializer.SerializeToElement(new { from }));
        context.TellTeam(journey, $"call-requested-{journey.HistoryCount}", "staff-call-requested", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["when"] = from is null ? "" : $", from {from}",
        });
        return true;
    }

    /// <summary>
    /// A text from the applicant: its words kept in history (personal data: in the export, erased with the journey), the team
    /// and the allocated worker told, the worklist showing it until staff act. At any status: a reply is never dropped.
    /// </summary>
    public static void Replied(Journey journey, string words, string via, DateTimeOffset receivedAt, WorkflowContext context)
    {
        // The team is told of the first reply since staff last acted; later ones wait on the journey (and the worklist) with it.
        var first = !journey.Flags.Contains(WorkflowContext.RepliedFlag);
        if (journey.Status == JourneyStatus.Active)
        {
            context.Attention(journey, WorkflowContext.RepliedFlag);
        }

        context.Record(journey, ApplicantReplied, receivedAt > context.Now ? context.Now : receivedAt, JsonSerializer.SerializeToElement(new { text = words, via }));
        if (first)
        {
            context.TellTeam(journey, $"replied-{journey.HistoryCount}", "staff-applicant-replied", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["via"] = via == "sms" ? "text" : via,
            });
        }
    }

    /// <summary>The applicant withdrew on their page: closed as a staff withdrawal is (the AW code their words map to), and the team told.</summary>
    public static void ApplicantWithdraws(Journey journey, string reasonCode, string reasonWords, string? note, WorkflowContext context)
    {
        Withdraw(journey, reasonCode, note, context);
        context.TellTeam(journey, "applicant-withdrew", "staff-applicant-withdrew", new Dictionary<string, string>(StringComparer.Ordinal) { ["reason"] = reasonWords });
    }

    private static void RequireActive(Journey journey, string step)
    {
        if (journey.Status != JourneyStatus.Active)
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, step, $"the journey is {journey.Status}");
        }
    }

    /// <summary>The names the steps besides events go by in history and in a refusal.</summary>
    public const string Withdrawn = "Withdrawn";

    public const string RouteStep = "Route";

    public const string ApprovalEnded = "ApprovalEnded";

    public const string ApplicantCorrected = "ApplicantCorrected";

    public const string StatusLinkReissued = "StatusLinkReissued";

    public const string ContactPreferencesChanged = "ContactPreferencesChanged";

    public const string ConsentWithdrawn = "ConsentWithdrawn";

    public const string CallRequested = "CallRequested";

    public const string ApplicantReplied = "ApplicantReplied";

    /// <summary>Who history names for the applicant's own steps.</summary>
    public const string ApplicantActor = "applicant";

    private const string AssessmentStartedPurpose = "assessment-started";

    /// <summary>Calendar days an applicant has for representations or the Independent Review Mechanism after a qualifying determination.</summary>
    public const int RepresentationsDays = 28;

    /// <summary>Whether an event of another type than the one being applied has been recorded (its milestone).</summary>
    private static bool Recorded(Journey journey, JourneyEventType type) =>
        journey.Milestones.Any(m => m.Type == type.ToString());

    /// <summary>The time a booking event (a visit, a panel) last set, if it has been recorded.</summary>
    private static DateTimeOffset? BookedFor(Journey journey, JourneyEventType type) =>
        journey.Milestones.LastOrDefault(m => m.Type == type.ToString())?.Detail is { } detail
            ? DateTimeOffset.Parse(detail, CultureInfo.InvariantCulture)
            : null;

    private static void RequireDetermination(Journey journey, JourneyEvent e)
    {
        if (!Recorded(journey, JourneyEventType.QualifyingDetermination))
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, e.Type.ToString(), "no qualifying determination is recorded");
        }
    }

    /// <summary>
    /// After a qualifying determination the final decision waits: for the applicant's representations, for the review
    /// panel's recommendation once a review is asked for, or for the 28 days to end.
    /// </summary>
    private static void AwaitRepresentations(Journey journey, JourneyEvent e)
    {
        if (!Recorded(journey, JourneyEventType.QualifyingDetermination))
        {
            return;
        }

        var reviewed = Recorded(journey, JourneyEventType.IrmRecommendationMade);
        if (Recorded(journey, JourneyEventType.IrmRequested) && !reviewed)
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, e.Type.ToString(),
                "the applicant asked for an independent review: record IrmRecommendationMade first");
        }

        var windowOpen = journey.Nudges.TryGetValue(NudgeName.RepresentationsWindow, out var window) && window.NextAt is { } closes && e.OccurredAt < closes;
        if (windowOpen && !reviewed && !Recorded(journey, JourneyEventType.RepresentationsReceived))
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, e.Type.ToString(),
                $"the applicant has until {window!.NextAt:O} to make representations or apply to the Independent Review Mechanism");
        }
    }

    /// <summary>All Stage 1 information is in (told, or the last required check recorded): the notice clock starts, once.</summary>
    private static void InformationComplete(Journey journey, DateTimeOffset at, WorkflowContext context)
    {
        if (!journey.Deadlines.ContainsKey(ClockName.Stage1Notice))
        {
            context.StartClock(journey, ClockName.Stage1Notice, at);
        }
    }

    /// <summary>
    /// After a Stage 1 record: in Stage 1, the last required check in starts the notice clock; and the team's reminder is
    /// re-armed for the next required check to fall overdue.
    /// </summary>
    private static void ChecksChanged(Journey journey, DateTimeOffset at, WorkflowContext context)
    {
        var missing = Household.Missing(journey, context.Policy);
        if (journey.Stage == Stage.Stage1 && missing.Count == 0)
        {
            InformationComplete(journey, at, context);
        }

        context.ArmChecksDue(journey, missing);
    }

    /// <summary>The person a check names: the first applicant when none is named; an unknown one is the caller's mistake.</summary>
    private static string PersonOf(Journey journey, JourneyEvent e) =>
        Household.Resolve(journey, e.Person)
        ?? throw new FieldException("data.person", $"One of {string.Join(", ", Household.PersonIds(journey))} (record HouseholdMemberAdded first).");

    /// <summary>The first applicant's checks are stored without a person, as they were before households were recorded.</summary>
    private static string? StoredPerson(string person) => person == Household.Applicant ? null : person;

    private static void RequireEveryCheck(Journey journey, JourneyEvent e, WorkflowContext context)
    {
        var missing = Household.Missing(journey, context.Policy);
        if (missing.Count > 0)
        {
            throw new TransitionRefusedException(journey.Stage, journey.Status, e.Type.ToString(),
                $"required Stage 1 checks are not in: {string.Join("; ", missing.Select(m => Household.Describe(journey, m)))}", missing);
        }
    }

    private static EventField Choice(string name, params string[] choices) => new(name, EventFieldKind.Choice, choices);

    /// <summary>A decision's field: its choices are the enum's names, as the API takes them.</summary>
    private static EventField Choice<T>(string name)
        where T : struct, Enum => new(name, EventFieldKind.Choice, Enum.GetNames<T>());

    private static EventField Time(string name) => new(name, EventFieldKind.Time);

    private static EventField Words(string name) => new(name, EventFieldKind.Text);

    private static EventField Staff(string name) => new(name, EventFieldKind.StaffMember);
}
