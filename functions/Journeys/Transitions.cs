using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

public enum JourneyEventType
{
    ContactMade,
    ScreeningCompleted,
    InitialVisitBooked,
    InitialVisitCompleted,
    ProgressDecided,
    ApplicationReceived,
    CheckCompleted,
    Stage1Completed,
    AssessmentStarted,
    PanelDateSet,
    AssessmentCompleted,
    PanelRecommendationMade,
    AgencyDecisionMade,
    PanelPapersSent,
    Stage1InformationComplete,
    PanelMinutesReceived,
    QualifyingDetermination,
    RepresentationsReceived,
    IrmRequested,
    IrmRecommendationMade,
    HouseholdMemberAdded,
    CheckNotApplicable,
    SkillsToFosterInvited,
}

/// <summary>
/// An event as recorded by staff; <see cref="Choice"/> or <see cref="When"/> carries its main data field. The Stage 1
/// events carry more: whose check it is (<see cref="Person"/>), why it does not apply (<see cref="Reason"/>), and who joined
/// the household (<see cref="FirstName"/>, <see cref="DateOfBirth"/>, with the relationship as the choice).
/// </summary>
public sealed record JourneyEvent(
    JourneyEventType Type, DateTimeOffset OccurredAt, string? Choice = null, DateTimeOffset? When = null,
    string? Person = null, string? Reason = null, string? FirstName = null, DateOnly? DateOfBirth = null)
{
    /// <summary>The event's own fields as history keeps them: only what the event defines, never whatever else a caller sent.</summary>
    public JsonElement? Data(Journey journey)
    {
        if (Transitions.FieldOf(Type) is not { } field)
        {
            return null;
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [field.Name] = Choice ?? When!.Value.ToString("O", CultureInfo.InvariantCulture),
        };
        switch (Type)
        {
            case JourneyEventType.CheckCompleted or JourneyEventType.CheckNotApplicable:
                data["person"] = Person ?? Household.Applicant;
                if (Reason is not null)
                {
                    data["reason"] = Reason;
                }

                break;
            case JourneyEventType.HouseholdMemberAdded:
                data["person"] = journey.Household[^1].Id;
                data["firstName"] = FirstName!;
                data["dateOfBirth"] = DateOfBirth!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                break;
        }

        return JsonSerializer.SerializeToElement(data);
    }
}

/// <summary>The one data field an event type carries: a choice from a list, or a date-time.</summary>
public sealed record EventField(string Name, IReadOnlyList<string>? Choices)
{
    public bool IsTime => Choices is null;
}

/// <summary>An event that does not fit the journey as it stands: the API answers 409 naming both.</summary>
public sealed class TransitionRefusedException(Stage stage, JourneyStatus status, string eventType, string reason, IReadOnlyList<CheckStatus>? missingChecks = null)
    : Exception($"{eventType} does not fit a journey at stage {stage} ({status}): {reason}")
{
    /// <summary>The required Stage 1 checks not yet in, when that is why the event was refused.</summary>
    public IReadOnlyList<CheckStatus>? MissingChecks { get; } = missingChecks;

    public Stage Stage { get; } = stage;

    public JourneyStatus Status { get; } = status;

    public string EventType { get; } = eventType;

    public string Reason { get; } = reason;
}

/// <summary>
/// The journey's one transition table. Each row names the stages an event may arrive in, its data field, and
/// what it does. Nothing else changes a journey's stage or status.
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

    public static readonly IReadOnlyList<string> Checks = Stage1Checks.All;

    private static readonly FrozenDictionary<JourneyEventType, Row> Table = new Row[]
    {
        new(JourneyEventType.ContactMade, [Stage.Enquiry], null, (j, e, c) =>
        {
            c.StopClock(j, ClockName.EnquiryResponse, e.OccurredAt);
            c.MoveTo(j, Stage.Screening);
        }),
        new(JourneyEventType.ScreeningCompleted, [Stage.Screening, Stage.InformationEvent], Choice("nextStep", "InitialVisit", "InformationEvent", "Close"), (j, e, c) =>
        {
            switch (e.Choice)
            {
                case "InitialVisit":
                    c.StartClock(j, ClockName.InitialVisit, e.OccurredAt);
                    c.MoveTo(j, Stage.InitialVisit);
                    break;
                case "InformationEvent":
                    c.MoveTo(j, Stage.InformationEvent);
                    break;
                default:
                    c.Finish(j, JourneyStatus.Closed, e.OccurredAt);
                    break;
            }
        }),
        new(JourneyEventType.InitialVisitBooked, [Stage.InitialVisit], Time("visitAt"), (j, e, c) =>
        {
            var visitAt = e.When!.Value;
            // The reminder goes at the start of the working day before the visit; a visit booked for tomorrow needs none.
            var calendar = c.Policy.Calendar;
            var remindAt = calendar.AtLocal(calendar.LocalDate(visitAt).AddDays(-1), calendar.Week.DayStart);
            c.ArmNudge(j, Nudge.VisitReminder, remindAt > c.Now ? remindAt : null);
            c.SendToApplicant(j, $"visit-booked-{j.Nudges[Nudge.VisitReminder].Count}", "initial-visit-booked", c.MomentValues(j, "visitAt", "InitialVisitBooked"));
        }),
        new(JourneyEventType.InitialVisitCompleted, [Stage.InitialVisit], null, (j, e, c) =>
        {
            c.StopClock(j, ClockName.InitialVisit, e.OccurredAt);
            c.StopNudge(j, Nudge.VisitReminder);
            c.StartClock(j, ClockName.ProgressDecision, e.OccurredAt);
            c.MoveTo(j, Stage.ProgressDecision);
        }),
        new(JourneyEventType.ProgressDecided, [Stage.ProgressDecision], Choice("decision", "Progress", "DoNotProgress"), (j, e, c) =>
        {
            c.StopClock(j, ClockName.ProgressDecision, e.OccurredAt);
            if (e.Choice == "Progress")
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

            c.ArmNudge(j, Nudge.KeepInTouch, c.Policy.Policy.KeepInTouchEvery.From(e.OccurredAt, c.Policy.Calendar));
            c.MoveTo(j, Stage.Stage1);
            c.ArmChecksDue(j, Household.Missing(j, c.Policy));
        }),
        Recorded(JourneyEventType.HouseholdMemberAdded, Stage1Records, Choice("relationship", [.. Household.Relationships]), (j, e, c) =>
        {
            if (j.Household.Any(m => string.Equals(m.FirstName, e.FirstName, StringComparison.OrdinalIgnoreCase) && m.DateOfBirth == e.DateOfBirth && m.Relationship == e.Choice))
            {
                return false; // the same person told twice
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
        new(JourneyEventType.Stage1InformationComplete, [Stage.Stage1], null, (j, e, c) => InformationComplete(j, e.OccurredAt, c)),
        new(JourneyEventType.Stage1Completed, [Stage.Stage1], Choice("outcome", "Proceed", "Unsuitable"), (j, e, c) =>
        {
            if (e.Choice == "Proceed")
            {
                RequireEveryCheck(j, e, c);
            }

            c.StopNudge(j, Nudge.ChecksDue);
            c.StopClock(j, ClockName.Stage1, e.OccurredAt);
            c.StopClock(j, ClockName.Stage1Notice, e.OccurredAt);
            c.StopNudge(j, Nudge.KeepInTouch);
            if (e.Choice == "Proceed")
            {
                c.MoveTo(j, Stage.Assessment);
            }
            else
            {
                c.Finish(j, JourneyStatus.NotApproved, e.OccurredAt);
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
            c.ArmNudge(j, Nudge.PanelReminder, remindAt > c.Now ? remindAt : null);
            c.SendToApplicant(j, $"panel-date-{j.Nudges[Nudge.PanelReminder].Count}", "panel-date-confirmed", c.MomentValues(j, "panelDate", "PanelDateSet"));

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
            c.StopNudge(j, Nudge.ChecksDue);
            c.StopClock(j, ClockName.FormF, e.OccurredAt);
            c.MoveTo(j, Stage.Panel);
        }),
        new(JourneyEventType.PanelRecommendationMade, [Stage.Panel], Choice("recommendation", "Approve", "DoNotApprove"), (j, e, c) =>
        {
            c.StopClock(j, ClockName.Panel, e.OccurredAt);
            c.StartClock(j, ClockName.AgencyDecision, e.OccurredAt);
            c.MoveTo(j, Stage.AgencyDecision);
        }),
        new(JourneyEventType.PanelMinutesReceived, [Stage.AgencyDecision], null, (j, e, c) =>
        {
            // The statutory form runs beside the council's own 7 days from panel, for councils that choose it; not while a
            // qualifying determination stands (the decision then waits for the applicant's 28 days).
            if (c.Policy.Policy.AgencyDecisionFromMinutes && !j.Deadlines.ContainsKey(ClockName.AgencyDecisionFromMinutes)
                && !Recorded(j, JourneyEventType.QualifyingDetermination))
            {
                c.StartClock(j, ClockName.AgencyDecisionFromMinutes, e.OccurredAt);
            }
        }),
        new(JourneyEventType.QualifyingDetermination, [Stage.AgencyDecision], null, (j, e, c) =>
        {
            if (j.Nudges.ContainsKey(Nudge.RepresentationsWindow))
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.QualifyingDetermination), "a qualifying determination is already recorded");
            }

            // A proposal not to approve: the final decision waits for the applicant's 28 calendar days.
            var closes = c.Policy.Calendar.AddCalendarDays(e.OccurredAt, RepresentationsDays);
            c.CancelClock(j, ClockName.AgencyDecision);
            c.CancelClock(j, ClockName.AgencyDecisionFromMinutes);
            c.ArmNudge(j, Nudge.RepresentationsWindow, closes);
            c.SendToApplicant(j, "qualifying-determination", "qualifying-determination",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["closesOn"] = c.LocalTime(closes) });
        }),
        new(JourneyEventType.RepresentationsReceived, [Stage.AgencyDecision], null, (j, e, _) => RequireDetermination(j, e)),
        Recorded(JourneyEventType.IrmRequested, [Stage.AgencyDecision], null, (j, e, c) =>
        {
            RequireDetermination(j, e);
            if (Recorded(j, JourneyEventType.IrmRequested))
            {
                return false; // asked for once; telling the journey again changes nothing
            }

            if (!j.Nudges.TryGetValue(Nudge.RepresentationsWindow, out var window) || window.NextAt is null || e.OccurredAt > window.NextAt)
            {
                throw new TransitionRefusedException(j.Stage, j.Status, nameof(JourneyEventType.IrmRequested),
                    "the applicant's 28 days for applying to the Independent Review Mechanism are over");
            }

            c.Milestone(j, nameof(JourneyEventType.IrmRequested), e.OccurredAt);
            return true;
        }),
        Recorded(JourneyEventType.IrmRecommendationMade, [Stage.AgencyDecision], Choice("recommendation", "Approve", "DoNotApprove"), (j, e, c) =>
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
        new(JourneyEventType.AgencyDecisionMade, [Stage.AgencyDecision], Choice("decision", "Approve", "DoNotApprove"), (j, e, c) =>
        {
            AwaitRepresentations(j, e);
            c.StopClock(j, ClockName.AgencyDecision, e.OccurredAt);
            c.StopClock(j, ClockName.AgencyDecisionFromMinutes, e.OccurredAt);
            c.Finish(j, e.Choice == "Approve" ? JourneyStatus.Approved : JourneyStatus.NotApproved, e.OccurredAt);
            c.SendToApplicant(j, "agency-decision", e.Choice == "Approve" ? "agency-decision-approved" : "agency-decision-not-approved");
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

    /// <summary>Calendar days an applicant has for representations or the Independent Review Mechanism after a qualifying determination.</summary>
    public const int RepresentationsDays = 28;

    /// <summary>Whether an event of another type than the one being applied has been recorded (its milestone).</summary>
    private static bool Recorded(Journey journey, JourneyEventType type) =>
        journey.Milestones.Any(m => m.Type == type.ToString());

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

        var windowOpen = journey.Nudges.TryGetValue(Nudge.RepresentationsWindow, out var window) && window.NextAt is { } closes && e.OccurredAt < closes;
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

    private static EventField Choice(string name, params string[] choices) => new(name, choices);

    private static EventField Time(string name) => new(name, null);
}
