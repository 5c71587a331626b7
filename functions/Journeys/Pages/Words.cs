namespace FosteringWorkflows.Journeys.Pages;

/// <summary>The service's terms as people read them on the pages: stages, clocks, checks, statuses, relationships, reasons.</summary>
public static class Words
{
    public static string Stage(string stage) => stage switch
    {
        nameof(Journeys.Stage.InformationEvent) => "Information event",
        nameof(Journeys.Stage.InitialVisit) => "Initial visit",
        nameof(Journeys.Stage.ProgressDecision) => "Decision to progress",
        nameof(Journeys.Stage.Stage1) => "Stage 1 checks",
        nameof(Journeys.Stage.Assessment) => "Form F assessment",
        nameof(Journeys.Stage.AgencyDecision) => "Agency decision",
        _ => stage,
    };

    public static string Clock(string clock) => ClockWords.Name(clock);

    public static string ClockState(string state) => state switch
    {
        "Pending" => "Running",
        "Warned" => "Due soon",
        "Breached" => "Overdue",
        "Met" => "Met",
        "Cancelled" => "Stopped",
        _ => state,
    };

    public static string Status(string status) => status switch
    {
        nameof(JourneyStatus.Active) => "Active",
        nameof(JourneyStatus.NotApproved) => "Not approved",
        _ => status,
    };

    public static string Check(string check) => check switch
    {
        "DBS" => "DBS check",
        "LocalAuthority" => "Local authority check",
        "Medical" => "Medical",
        "References" => "References",
        "Employer" => "Employer reference",
        "ExPartner" => "Ex-partner reference",
        "PreviousFostering" => "Previous fostering check",
        "Overseas" => "Overseas check",
        _ => check,
    };

    public static string CheckState(string state) => state switch
    {
        Household.NotApplicable => "Not applicable",
        _ => state,
    };

    public static string Relationship(string relationship) => relationship == Household.JointApplicant ? "Joint applicant" : relationship;

    public static string Flag(string flag) => flag switch
    {
        "PhoneNotTextable" => "Texts cannot reach this number",
        "Unreachable" => "No message can reach them",
        "CallRequested" => "Asked to be called",
        "ApplicantReplied" => "Replied by text",
        _ => flag,
    };

    public static string Channel(string channel) => channel switch
    {
        "sms" => "Text",
        "email" => "Email",
        "teams" => "Teams",
        _ => channel,
    };

    /// <summary>How a call that did not reach the applicant ended.</summary>
    public static string Outcome(string outcome) => outcome switch
    {
        nameof(ContactOutcome.NoAnswer) => "no answer",
        nameof(ContactOutcome.LeftMessage) => "left a message",
        nameof(ContactOutcome.WrongNumber) => "wrong number",
        _ => outcome,
    };

    /// <summary>Ofsted's withdrawal reasons, in its own words.</summary>
    public static IReadOnlyList<FormOption> WithdrawalReasons { get; } =
    [
        new("AW1", "Fostering was not as the applicant expected"),
        new("AW2", "The assessment process was not as the applicant expected"),
        new("AW3", "Household circumstances changed (other than for financial reasons)"),
        new("AW4", "The applicant could not continue for financial reasons"),
        new("AW5", "The applicant was concerned about the risk of allegations"),
        new("AW0", "Another or unknown reason"),
    ];

    public static string WithdrawalReason(string? code) => WithdrawalReasons.FirstOrDefault(r => r.Value == code)?.Label ?? code ?? "";

    /// <summary>A history entry's type as a sentence's subject.</summary>
    public static string Step(string type) => StepCatalogue.Known(type)?.Done ?? type switch
    {
        "EnquiryReceived" => "Enquiry received",
        "Withdrawn" => "Withdrawn",
        "Routed" => "Routed",
        "MessageFailed" => "Message not delivered",
        "MessageDelivered" => "Message delivered",
        "ApplicantCorrected" => "Contact details corrected",
        "DeadlineBreached" => "Clock overdue",
        _ => type,
    };
}
