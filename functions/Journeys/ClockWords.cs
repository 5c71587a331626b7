using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>Each clock as people say it, and what to do to meet it: the words of the pages and of the staff alerts.</summary>
public static class ClockWords
{
    public static string Name(string clock) => Enum.TryParse<ClockName>(clock, out var name) ? Name(name) : clock;

    public static string Name(ClockName clock) => clock switch
    {
        ClockName.EnquiryResponse => "First contact",
        ClockName.InitialVisit => "Initial visit",
        ClockName.ProgressDecision => "Decision to progress",
        ClockName.Stage1 => "Stage 1 checks",
        ClockName.FormF => "Form F assessment",
        ClockName.AgencyDecision => "Agency decision",
        ClockName.Panel => "Panel (statutory)",
        ClockName.PanelPapers => "Panel papers",
        ClockName.Stage1Notice => "Stage 1 notice (statutory)",
        ClockName.AgencyDecisionFromMinutes => "Agency decision from minutes (statutory)",
        _ => clock.ToString(),
    };

    /// <summary>What meets the clock, in an instruction: for first contact, how to reach the applicant.</summary>
    public static string ToDo(ClockName clock, Journey journey) => clock switch
    {
        ClockName.EnquiryResponse => journey.Applicant.Phone is { } phone ? $"Call {phone}, then record the contact."
            : journey.Applicant.Email is { } email ? $"Email {email}, then record the contact." : "Contact the applicant, then record it.",
        ClockName.InitialVisit => "Visit the applicant, then record the initial visit.",
        ClockName.ProgressDecision => "Decide whether the applicant goes on to apply, and record it.",
        ClockName.Stage1 => "Complete the Stage 1 checks and record the outcome.",
        ClockName.FormF => "Complete the Form F assessment and record it.",
        ClockName.AgencyDecision or ClockName.AgencyDecisionFromMinutes => "The agency decision maker's decision is due: record it.",
        ClockName.Panel => "Take the application to panel and record its recommendation.",
        ClockName.PanelPapers => "Send the panel papers and record that they went.",
        ClockName.Stage1Notice => "Tell the applicant the outcome of Stage 1 and record it.",
        _ => "Open the journey to see what is due.",
    };
}
