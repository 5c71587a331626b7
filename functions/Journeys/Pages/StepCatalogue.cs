using System.Collections.Frozen;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys.Pages;

/// <summary>
/// Every step an officer records from the journey page, with the fields its event needs. Which are offered is the
/// transition table's to say (the events it allows at the journey's stage), so the page never offers what the API would
/// refuse with a 409; the steps besides events (withdraw, route, approval ended) follow the same guards.
/// </summary>
public static class StepCatalogue
{
    public const string Withdraw = "withdraw";
    public const string Route = "route";
    public const string ApprovalEnded = "approval-ended";

    /// <summary>Correcting the applicant's details (the right to rectification): Admin only, at any stage or status; its form is handled by Records.</summary>
    public const string Rectify = "rectify";

    private static FormField Decision(string name, string label, params FormOption[] options) => new(name, FormFieldKind.Radios, label, Options: options);

    private static StepForm Simple(JourneyEventType type, string name, string submit, string done, string? lead = null) =>
        new(type.ToString(), name, submit, done, [], lead);

    private static readonly FrozenDictionary<string, StepForm> Fixed = new StepForm[]
    {
        Simple(JourneyEventType.ContactMade, "Record contact", "Record contact", "Contact made",
            "You have spoken to the applicant. This meets the first-contact clock and moves the enquiry to screening."),
        new(nameof(JourneyEventType.ContactAttempted), "Record a call attempt", "Record call attempt", "Call attempt",
            [Decision("outcome", "How did the call end?", new("NoAnswer", "No answer"), new("LeftMessage", "Left a message"), new("WrongNumber", "Wrong number"))],
            "The first-contact clock keeps running."),
        new(nameof(JourneyEventType.ScreeningCompleted), "Record screening call", "Record screening call", "Screening call",
            [Decision("nextStep", "What happens next?", new("InitialVisit", "Book an initial visit", "Starts the initial visit clock"),
                new("InformationEvent", "Invite them to an information event first"), new("Close", "Close the enquiry"))]),
        new(nameof(JourneyEventType.InitialVisitBooked), "Book initial visit", "Save initial visit", "Initial visit booked",
            [new("visitAt", FormFieldKind.DateAndTime, "Date and time of the visit", "For example, 27 3 2027 and 14:30")],
            "The applicant is told the date, and reminded the day before."),
        Simple(JourneyEventType.InitialVisitCompleted, "Record initial visit", "Record initial visit", "Initial visit made"),
        new(nameof(JourneyEventType.ProgressDecided), "Record progress decision", "Record progress decision", "Progress decision",
            [Decision("decision", "Will the applicant be invited to apply?", new("Progress", "Yes, invite them to apply"), new("DoNotProgress", "No, do not progress"))]),
        Simple(JourneyEventType.ApplicationReceived, "Record application", "Record application", "Application received",
            "This starts the Stage 1 checks clock and the statutory 8 months to panel."),
        new(nameof(JourneyEventType.HouseholdMemberAdded), "Add household member", "Add household member", "Household member added",
            [
                new("firstName", FormFieldKind.Text, "First name"),
                new("relationship", FormFieldKind.Select, "Relationship to the applicant", Options: [.. Household.Relationships.Select(r => new FormOption(r, Words.Relationship(r)))]),
                new("dateOfBirth", FormFieldKind.Date, "Date of birth", "For example, 14 3 2009"),
            ]),
        new(nameof(JourneyEventType.CheckCompleted), "Record check", "Record check", "Check completed",
            [new("person", FormFieldKind.Select, "Whose check is it?"), Check()]),
        new(nameof(JourneyEventType.CheckNotApplicable), "Check not applicable", "Save check as not applicable", "Check not applicable",
            [new("person", FormFieldKind.Select, "Whose check is it?"), Check(), new("reason", FormFieldKind.TextArea, "Why it does not apply")]),
        Simple(JourneyEventType.Stage1InformationComplete, "Record Stage 1 information complete", "Record Stage 1 information complete", "Stage 1 information complete"),
        new(nameof(JourneyEventType.Stage1Completed), "Complete Stage 1", "Save Stage 1 outcome", "Stage 1 completed",
            [Decision("outcome", "What is the outcome of Stage 1?", new("Proceed", "Proceed to the Form F assessment"), new("Unsuitable", "Not suitable: end the application"))]),
        Simple(JourneyEventType.AssessmentStarted, "Start assessment", "Confirm assessment started", "Assessment started"),
        new(nameof(JourneyEventType.PanelDateSet), "Set panel date", "Save panel date", "Panel date set",
            [new("panelDate", FormFieldKind.DateAndTime, "Date and time of the panel", "For example, 27 3 2027 and 10:00")]),
        Simple(JourneyEventType.PanelPapersSent, "Record panel papers sent", "Record panel papers sent", "Panel papers sent"),
        Simple(JourneyEventType.SkillsToFosterInvited, "Record Skills to Foster invitation", "Record Skills to Foster invitation", "Invited to Skills to Foster"),
        Simple(JourneyEventType.AssessmentCompleted, "Complete assessment", "Confirm assessment completed", "Assessment completed"),
        new(nameof(JourneyEventType.PanelRecommendationMade), "Record panel recommendation", "Record panel recommendation", "Panel recommendation",
            [Decision("recommendation", "What did the panel recommend?", new("Approve", "Approve"), new("DoNotApprove", "Do not approve"))]),
        Simple(JourneyEventType.PanelMinutesReceived, "Record panel minutes received", "Record panel minutes received", "Panel minutes received"),
        Simple(JourneyEventType.QualifyingDetermination, "Record qualifying determination", "Record qualifying determination", "Qualifying determination",
            "A proposal not to approve: the applicant is told they have 28 days for representations or the Independent Review Mechanism."),
        Simple(JourneyEventType.RepresentationsReceived, "Record representations received", "Record representations received", "Representations received"),
        Simple(JourneyEventType.IrmRequested, "Record review requested", "Record review requested", "Independent review requested"),
        new(nameof(JourneyEventType.IrmRecommendationMade), "Record review recommendation", "Record review recommendation", "Review recommendation",
            [Decision("recommendation", "What did the review panel recommend?", new("Approve", "Approve"), new("DoNotApprove", "Do not approve"))]),
        new(nameof(JourneyEventType.AgencyDecisionMade), "Record agency decision", "Record agency decision", "Agency decision",
            [Decision("decision", "What did the agency decision maker decide?", new("Approve", "Approve as a foster carer"), new("DoNotApprove", "Do not approve"))]),
        new(nameof(JourneyEventType.NoteAdded), "Add a note", "Add note", "Note",
            [new("text", FormFieldKind.TextArea, "Note", "Up to 2,000 characters. A note is part of the applicant's record: they can ask to see it.")]),
        new(nameof(JourneyEventType.Allocated), "Allocate", "Save allocation", "Allocated",
            [
                new("to", FormFieldKind.Radios, "Who is this journey allocated to?"),
                new("colleague", FormFieldKind.Text, "A colleague's sign-in id", "Only if you chose a colleague: for example, lina.lal@leicestershire.example", Optional: true),
            ]),
        new(Withdraw, "Withdraw", "Withdraw applicant", "Withdrawn",
            [
                new("reasonCode", FormFieldKind.Radios, "Why is the applicant withdrawing?", Options: Words.WithdrawalReasons),
                new("note", FormFieldKind.TextArea, "Anything else to record (optional)", Optional: true),
            ],
            "The journey closes and its clocks stop; the applicant is sent a closing message."),
        new(Route, "Route to a council", "Confirm route", "Routed", [new("localAuthority", FormFieldKind.Select, "Which council should take this enquiry?")]),
        new(Rectify, "Correct contact details", "Save contact details", "Contact details corrected",
            [
                new("firstName", FormFieldKind.Text, "First name"),
                new("lastName", FormFieldKind.Text, "Last name"),
                new("email", FormFieldKind.Text, "Email address", Optional: true),
                new("phone", FormFieldKind.Text, "Phone number", Optional: true),
                new("postcode", FormFieldKind.Text, "Postcode", Optional: true),
                new("preferredChannel", FormFieldKind.Radios, "How would they like us to contact them?", Options: [new("sms", "By text"), new("email", "By email")], Optional: true),
                new("preferredContactFrom", FormFieldKind.Text, "Contact them from (a time)", "For example, 18:00", Optional: true),
                new("consentSms", FormFieldKind.Radios, "May we text them?", Options: [new("yes", "Yes"), new("no", "No")]),
                new("consentEmail", FormFieldKind.Radios, "May we email them?", Options: [new("yes", "Yes"), new("no", "No")]),
            ],
            "History records which details changed, not what they were; messages not yet sent go to the corrected details."),
        new(ApprovalEnded, "Record approval ended", "Record approval ended", "Approval ended",
            [new("endedAt", FormFieldKind.Date, "Date the approval ended", "For example, 31 3 2027", Optional: true)],
            "The carer's records are then kept for the council's period from this date."),
    }.ToFrozenDictionary(f => f.Step, StringComparer.Ordinal);

    /// <summary>A step by its name in the URL or history, whatever the journey.</summary>
    public static StepForm? Known(string step) => Fixed.GetValueOrDefault(step);

    /// <summary>
    /// The steps the journey takes now, for this person, in the order people do them: the events the transition table allows
    /// at its stage, then withdrawal, routing (from a triage team) and the end of an approval.
    /// </summary>
    public static IReadOnlyList<StepForm> Offered(Journey journey, CouncilDirectory councils, bool admin = false)
    {
        var offered = new List<StepForm>();
        if (journey.Status == JourneyStatus.Active)
        {
            var allowed = Transitions.AllowedAt(journey.Stage).Select(t => t.ToString()).ToHashSet(StringComparer.Ordinal);
            offered.AddRange(Fixed.Values.Where(f => allowed.Contains(f.Step)).OrderBy(f => Order(f.Step)));
            offered.Add(Fixed[Withdraw]);
            if (councils.Exists(journey.LocalAuthority) && councils.Get(journey.LocalAuthority).Kind == OwnerKind.TriageTeam)
            {
                offered.Add(Fixed[Route]);
            }
        }
        else if (journey.Status == JourneyStatus.Approved && journey.ApprovalEndedAt is null)
        {
            offered.Add(Fixed[ApprovalEnded]);
        }

        if (admin)
        {
            offered.Add(Fixed[Rectify]);
        }

        return offered;
    }

    /// <summary>A step's form for this journey, its lists filled in (the household, the councils, the person allocating).</summary>
    public static StepForm? For(string step, Journey journey, CouncilDirectory councils, string me, string myName) =>
        Offered(journey, councils).FirstOrDefault(f => f.Step == step) is not { } form ? null : form with
        {
            Fields = [.. form.Fields.Select(f => (form.Step, f.Name) switch
            {
                (_, "person") => f with { Options = [.. Household.PersonIds(journey).Select(p => new FormOption(p, PersonName(journey, p)))] },
                (Route, "localAuthority") => f with { Options = [.. councils.Ids.Where(councils.IsCouncil).Select(c => new FormOption(c, councils.Get(c).Name))] },
                (nameof(JourneyEventType.Allocated), "to") => f with
                {
                    Options = [new(me, $"Me ({myName})"), new(Colleague, "A colleague"), new(Nobody, "Nobody")],
                },
                _ => f,
            })],
        };

    public const string Colleague = "colleague";
    public const string Nobody = "nobody";

    /// <summary>Someone in the household as the page names them.</summary>
    public static string PersonName(Journey journey, string personId) =>
        personId == Household.Applicant ? $"{journey.Applicant.FirstName} {journey.Applicant.LastName} (applicant)"
        : journey.Household.FirstOrDefault(m => m.Id == personId) is { } member ? $"{member.FirstName} ({Words.Relationship(member.Relationship).ToLowerInvariant()})"
        : personId;

    private static FormField Check() =>
        new("check", FormFieldKind.Select, "Which check?", Options: [.. Stage1Checks.All.Select(c => new FormOption(c, Words.Check(c)))]);

    private static readonly string[] Sequence =
    [
        .. new[]
        {
            JourneyEventType.ContactMade, JourneyEventType.ContactAttempted, JourneyEventType.ScreeningCompleted, JourneyEventType.InitialVisitBooked,
            JourneyEventType.InitialVisitCompleted, JourneyEventType.ProgressDecided, JourneyEventType.SkillsToFosterInvited, JourneyEventType.ApplicationReceived,
            JourneyEventType.HouseholdMemberAdded, JourneyEventType.CheckCompleted, JourneyEventType.CheckNotApplicable, JourneyEventType.Stage1InformationComplete,
            JourneyEventType.Stage1Completed, JourneyEventType.AssessmentStarted, JourneyEventType.PanelDateSet, JourneyEventType.PanelPapersSent,
            JourneyEventType.AssessmentCompleted, JourneyEventType.PanelRecommendationMade, JourneyEventType.PanelMinutesReceived,
            JourneyEventType.QualifyingDetermination, JourneyEventType.RepresentationsReceived, JourneyEventType.IrmRequested,
            JourneyEventType.IrmRecommendationMade, JourneyEventType.AgencyDecisionMade, JourneyEventType.NoteAdded, JourneyEventType.Allocated,
        }.Select(t => t.ToString()),
    ];

    private static int Order(string step) => Array.IndexOf(Sequence, step) is var i and >= 0 ? i : Sequence.Length;
}
