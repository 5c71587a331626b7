namespace FosteringWorkflows.Journeys;

/// <summary>The messages and reminders a journey sends on its own, each armed for an instant (stored by name).</summary>
public enum NudgeName
{
    /// <summary>Keeping in touch with the applicant while Stage 1 runs, at the council's interval.</summary>
    KeepInTouch,

    /// <summary>The applicant's reminder the working day before the initial visit.</summary>
    VisitReminder,

    /// <summary>The applicant's reminder the working day before the panel.</summary>
    PanelReminder,

    /// <summary>The earliest instant a required Stage 1 check not yet in is overdue, when the team is told.</summary>
    ChecksDue,

    /// <summary>The end of the applicant's 28 days for representations or the Independent Review Mechanism.</summary>
    RepresentationsWindow,
}
