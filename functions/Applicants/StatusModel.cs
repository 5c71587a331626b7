using System.Globalization;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Pages;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Applicants;

/// <summary>
/// What the applicant's own page shows, in their words: where the application stands, what happens next and by when (from
/// the journey's clocks), booked dates, the messages sent to them, and the team's contact details. Nothing about other
/// household members' checks, no notes, no staff names.
/// </summary>
public sealed record StatusModel(
    string Token, string FirstName, string CouncilName, string ContactPhone, string TeamEmail, string Reference,
    string Standing, string? Next, IReadOnlyList<(string Label, string When)> Booked, IReadOnlyList<StatusMessage> Messages,
    bool Active, bool Texts, bool Emails, bool HasPhone, bool HasEmail, string? PreferredChannel, string? PreferredContactFrom,
    bool CallAsked, string? Done, IReadOnlyList<FieldError> Errors)
{
    public static StatusModel Build(
        string token, Journey journey, CouncilPolicy policy, CouncilDirectory councils, DateTimeOffset now, string? done, IReadOnlyList<FieldError> errors)
    {
        var council = councils.Get(journey.LocalAuthority);
        var calendar = policy.Calendar;
        string Day(DateTimeOffset at) => calendar.ToZone(at).ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
        string DayAndTime(DateTimeOffset at) => calendar.ToZone(at).ToString("h:mmtt 'on' dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")).Replace("AM", "am", StringComparison.Ordinal).Replace("PM", "pm", StringComparison.Ordinal);

        var next = journey.Status != JourneyStatus.Active ? null
            : journey.Nudges.TryGetValue(NudgeName.RepresentationsWindow, out var window) && window.NextAt is { } closes && closes > now
                ? $"We have written to you about our proposal. You have until {DayAndTime(closes)} to send your comments to the agency decision maker, or to ask the Independent Review Mechanism to review the proposal. The decision will not be made before then unless you reply sooner."
            : journey.Deadlines.Values.Where(d => d.IsOpen && NextWords(d.Clock) is not null).OrderBy(d => d.DueAt).FirstOrDefault() is { } clock
                ? clock.DueAt < now
                    ? $"This is taking longer than we aimed for ({(clock.Clock == ClockName.EnquiryResponse ? DayAndTime(clock.DueAt) : Day(clock.DueAt))}). We are sorry for the wait: call us if you would like an update."
                    : string.Format(CultureInfo.InvariantCulture, NextWords(clock.Clock)!, clock.Clock == ClockName.EnquiryResponse ? DayAndTime(clock.DueAt) : Day(clock.DueAt))
                : StageNext(journey.Stage);

        var booked = new List<(string, string)>();
        if (journey.Status == JourneyStatus.Active && BookedAt(journey, nameof(JourneyEventType.InitialVisitBooked)) is { } visit && journey.Stage == Stage.InitialVisit)
        {
            booked.Add(("Your initial visit", DayAndTime(visit)));
        }

        if (journey.Status == JourneyStatus.Active && BookedAt(journey, nameof(JourneyEventType.PanelDateSet)) is { } panel)
        {
            booked.Add(("Your fostering panel", Day(panel)));
        }

        var messages = journey.Messages
            .Where(m => m.Kind == MessageKind.Applicant && m.Status is DeliveryStatus.Sent or DeliveryStatus.Delivered)
            .OrderByDescending(m => m.SentAt ?? m.CreatedAt)
            .Select(m => new StatusMessage(DayAndTime(m.SentAt ?? m.CreatedAt), m.Channel == MessageChannel.Sms ? "Text" : "Email", m.Channel == MessageChannel.Email ? m.Subject : null, StatusLinks.WithoutLink(m.Body)))
            .ToList();

        return new StatusModel(
            token, journey.Applicant.FirstName, council.Name, council.ContactPhone, council.TeamEmail, journey.Id,
            StandingOf(journey), next, booked, messages, journey.Status == JourneyStatus.Active,
            journey.Consent.Sms, journey.Consent.Email, journey.Applicant.Phone is not null, journey.Applicant.Email is not null,
            journey.Applicant.PreferredChannel, journey.Applicant.PreferredContactFrom,
            journey.Status == JourneyStatus.Active && journey.Flags.Contains(WorkflowContext.CallRequestedFlag), done, errors);
    }

    /// <summary>Where the application stands, as the applicant would say it.</summary>
    public static string StandingOf(Journey journey) => journey.Status switch
    {
        JourneyStatus.Approved => "You have been approved as a foster carer.",
        JourneyStatus.NotApproved => "Your application was not approved. We have written, or will write, to you with the reasons.",
        JourneyStatus.Withdrawn => "You have withdrawn, and we have closed your enquiry.",
        JourneyStatus.Closed => "Your enquiry is closed.",
        _ => journey.Stage switch
        {
            Stage.Enquiry => "We have your enquiry, and a member of our fostering team will contact you.",
            Stage.Screening => "We have talked to you about fostering, and we are agreeing the next step with you.",
            Stage.InformationEvent => "We have invited you to one of our fostering information events.",
            Stage.InitialVisit => "We are arranging to visit you at home to talk about fostering.",
            Stage.ProgressDecision => "We visited you, and we are deciding with you on the next step.",
            Stage.Application => "We have invited you to apply, and we are waiting for your application.",
            Stage.Stage1 => "We are doing your checks and taking up your references (Stage 1).",
            Stage.Assessment => "Your assessment (Stage 2) is under way: your social worker will visit you to complete it.",
            Stage.Panel => "Your assessment is complete, and your application is going to the fostering panel.",
            _ => "The fostering panel has made its recommendation, and the agency decision maker is deciding.",
        },
    };

    /// <summary>What happens next, with the due date of the clock that measures it ({0}); null for clocks that are the team's own business.</summary>
    private static string? NextWords(ClockName clock) => clock switch
    {
        ClockName.EnquiryResponse => "We will contact you by {0}.",
        ClockName.InitialVisit => "We aim to visit you by {0}.",
        ClockName.ProgressDecision => "We will agree the next step with you by {0}.",
        ClockName.Stage1 => "We aim to finish your checks by {0}.",
        ClockName.FormF => "We aim to finish your assessment by {0}.",
        ClockName.Panel => "Your application should go to the fostering panel by {0}.",
        ClockName.AgencyDecision or ClockName.AgencyDecisionFromMinutes => "The agency decision maker will decide by {0}, and we will tell you straight away.",
        _ => null,
    };

    private static string StageNext(Stage stage) => stage switch
    {
        Stage.InformationEvent => "We will send you the dates of the next information events.",
        Stage.Application => "Send us your application form when you are ready; we will start your checks when it arrives.",
        Stage.Screening => "We will be in touch about the next step.",
        _ => "We will be in touch about the next step.",
    };

    private static DateTimeOffset? BookedAt(Journey journey, string milestone) =>
        journey.Milestones.LastOrDefault(m => m.Type == milestone)?.Detail is { } detail ? DateTimeOffset.Parse(detail, CultureInfo.InvariantCulture) : null;
}
